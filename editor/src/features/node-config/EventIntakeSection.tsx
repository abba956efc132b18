import { useMemo } from 'react';
import type { NodeDescription } from '../../api/types';
import { CopyButton } from '../runs/CopyButton';
import { SendTestEventButton } from '../flows/send-test-event';
import { CodeSample } from './CodeSample';
import { eventsCurl, eventsUrl } from './event-intake';

/**
 * Under a call trigger's form: how calls get in (the platform posts each finished call to
 * `POST /api/events`), with a curl of the trigger's sample event, and for a published flow a
 * button that sends that sample to the live version. Styled as the in-call function's section.
 */
export function EventIntakeSection({ nodeId, description }: { nodeId: string; description: NodeDescription }) {
  const url = eventsUrl(window.location.origin);
  const curl = useMemo(() => eventsCurl(url, description.type, description.sampleEvent ?? {}), [url, description.type, description.sampleEvent]);
  const headingId = `nc-${nodeId}-intake-heading`;
  return (
    <section className="nc-fn" aria-labelledby={headingId} data-testid="event-intake">
      <h3 id={headingId}>How calls get in</h3>
      <div className="nc-fn-url">
        <span className="nc-code-sample-label" id={`${headingId}-url`}>
          Events endpoint <span className="nc-arg-muted">POST, with an API key that has the events:write scope</span>
        </span>
        <div className="nc-fn-url-row">
          <code aria-labelledby={`${headingId}-url`} data-testid="events-url">
            {url}
          </code>
          <CopyButton text={url} label="Copy events endpoint" />
        </div>
      </div>
      <details className="nc-fn-example">
        <summary>Example call</summary>
        <CodeSample id={`${headingId}-curl`} label="curl" text={curl} testId="events-curl" />
        <p className="hint nc-fn-note">The trigger’s sample event. Give each call its own id: a delivery again with the same id starts nothing new, and Activity shows it as delivered again.</p>
      </details>
      <div>
        <SendTestEventButton compact />
      </div>
    </section>
  );
}
