import { api } from '../../api/client';
import type { ConversationView } from '../../api/types';
import { useRefusal } from '../../store/use-access';
import { Button } from '../../ui/Button';
import { FormError } from '../../ui/FormError';
import { StatusBadge } from '../../ui/StatusBadge';
import { useAction } from '../../ui/use-action';
import { RelativeTime } from '../runs/RelativeTime';
import { relativeTime, shortDateTime } from '../runs/time-format';
import { useNow } from '../runs/use-now';
import { closeReasonText, inactivityEnd, replyWindow } from './message-format';

/**
 * Where a conversation stands: open or closed, the 24-hour reply window, when it closes for
 * inactivity, and a "Close conversation" button (which ends it now: `conversation.ended` flows run).
 */
export function ConversationState({ conversation, onChanged, compact }: { conversation: ConversationView; onChanged(): void; compact?: boolean }) {
  const cannotClose = useRefusal('POST', '/api/conversations/:id/close', 'close conversations');
  useNow(15_000);
  const now = Date.now();
  const window = replyWindow(conversation, now);
  const { busy, error, run } = useAction();
  const close = () =>
    run(async () => {
      await api.post(`/api/conversations/${conversation.id}/close`);
      onChanged();
    });

  const open = conversation.status === 'open';
  const inactiveAt = open ? inactivityEnd(conversation) : null;
  return (
    <div className={`conv-state${compact ? ' conv-state-compact' : ''}`} data-testid="conversation-state" data-status={conversation.status}>
      <dl className="conv-facts">
        <dt>Status</dt>
        <dd>
          <StatusBadge status={conversation.status} />
          {!open ? <span className="muted small"> {closeReasonText(conversation.closeReason)}</span> : null}
        </dd>
        <dt>Started</dt>
        <dd>
          <RelativeTime iso={conversation.startedAt} />
        </dd>
        {open ? null : (
          <>
            <dt>Closed</dt>
            <dd>
              <RelativeTime iso={conversation.closedAt} />
            </dd>
          </>
        )}
        <dt>Reply window</dt>
        <dd>
          {window.endsAt ? (
            <span className={window.open ? 'conv-window-open' : 'conv-window-closed'}>
              {window.open ? 'open, ends ' : 'ended '}
              <RelativeTime iso={window.endsAt} />
            </span>
          ) : (
            <span className="muted">the customer has not written</span>
          )}
        </dd>
        {open ? (
          <>
            <dt>Closes</dt>
            <dd>
              {inactiveAt ? `${relativeTime(inactiveAt, now)}, ` : ''}after {conversation.inactivityMinutes} min without a customer message
            </dd>
          </>
        ) : null}
      </dl>
      {window.endsAt ? (
        <p className="hint">
          {window.open
            ? `Flows can reply with free text until ${shortDateTime(window.endsAt)}; after that only approved templates go out.`
            : 'Free-text replies are no longer allowed: only approved templates can reach this customer until they write again.'}
        </p>
      ) : null}
      {open ? (
        <Button
          onClick={() => void close()}
          busy={busy}
          disabled={Boolean(cannotClose)}
          title={cannotClose ?? 'End the conversation now: flows with a “conversation ended” trigger run with its transcript'}
        >
          Close conversation
        </Button>
      ) : null}
      <FormError message={error} />
    </div>
  );
}
