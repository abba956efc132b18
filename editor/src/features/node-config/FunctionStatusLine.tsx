import type { FunctionStatus } from './function-tool';

const CHANGE_WORDS: Record<string, string> = { description: 'description', parameters: 'parameters', timeout: 'timeout', agents: 'agents' };

function list(words: readonly string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

/** Whether agents can call the function now, and what publishing will change. */
export function FunctionStatusLine({ status, name }: { status: FunctionStatus; name: string }) {
  switch (status.kind) {
    case 'live':
      return status.changes.length === 0 ? (
        <p className="nc-fn-status is-live" data-testid="function-status" data-status="live">
          <span className="nc-fn-dot" aria-hidden="true" />
          <span>
            <strong>Live.</strong> Agents can call <code>{name}</code> now.
          </span>
        </p>
      ) : (
        <p className="nc-fn-status is-changed" data-testid="function-status" data-status="live-changed">
          <span className="nc-fn-dot" aria-hidden="true" />
          <span>
            <strong>Live as last published.</strong> This draft changes its {list(status.changes.map((change) => CHANGE_WORDS[change] ?? change))}: publish to update what agents see.
          </span>
        </p>
      );
    case 'live-as':
      return (
        <p className="nc-fn-status is-changed" data-testid="function-status" data-status="live-as">
          <span className="nc-fn-dot" aria-hidden="true" />
          <span>
            <strong>
              Live as <code>{status.liveName}</code>.
            </strong>{' '}
            Publishing renames it to <code>{name}</code>: agents that registered the old name must be updated.
          </span>
        </p>
      );
    case 'taken':
      return (
        <p className="nc-fn-status is-taken" data-testid="function-status" data-status="taken">
          <span className="nc-fn-dot" aria-hidden="true" />
          <span>
            <strong>Name in use.</strong> The published flow <a href={`#/flows/${status.flowId}`}>{status.flowName}</a> offers <code>{name}</code>: publishing this one is refused until one of them is renamed.
          </span>
        </p>
      );
    case 'not-live':
      return (
        <p className="nc-fn-status is-draft" data-testid="function-status" data-status="not-live">
          <span className="nc-fn-dot" aria-hidden="true" />
          <span>
            <strong>Not live yet.</strong> {status.flowPublished ? 'The published version of this flow has no function: publish this draft to offer it.' : 'Agents can call it once you publish this flow.'}
          </span>
        </p>
      );
  }
}
