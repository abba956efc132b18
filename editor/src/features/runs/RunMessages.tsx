import { routeHref } from '../../app/router';
import type { MessageView } from '../../api/types';
import { bubbleText, delivery } from '../conversations/message-format';
import { RelativeTime } from './RelativeTime';

/** The WhatsApp messages a run sent, each with its delivery status. */
export function RunMessages({ messages, error }: { messages: MessageView[] | undefined; error: string | null }) {
  if (!messages) return error ? <p className="form-error">Messages could not be loaded: {error}</p> : null;
  if (messages.length === 0) return null;
  const ordered = [...messages].sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1));
  return (
    <section className="run-section" aria-labelledby="run-messages-heading">
      <h3 id="run-messages-heading">Messages ({messages.length})</h3>
      <ul className="run-messages">
        {ordered.map((message) => {
          const { text, template } = bubbleText(message);
          const status = delivery(message);
          return (
            <li key={message.id} className="run-message" data-testid="run-message" data-status={message.status}>
              <div className="run-message-head">
                <span>
                  {message.direction === 'outbound' ? 'To' : 'From'} <strong>{message.customerName ? `${message.customerName} · ` : ''}{message.customer}</strong>
                </span>
                <span className={`run-message-status run-message-status-${status.tone}`}>
                  <span aria-hidden="true">{status.ticks}</span> {status.label}
                </span>
              </div>
              <p className="run-message-text">{template ? <span className="muted">Template </span> : null}{text}</p>
              {message.error ? (
                <p className="form-error">
                  {message.error.code}: {message.error.message}
                </p>
              ) : null}
              <div className="run-message-foot">
                <RelativeTime iso={message.createdAt} />
                {message.nodeId ? <span> · step <code>{message.nodeId}</code></span> : null}
                {message.conversationId ? (
                  <a href={routeHref({ page: 'conversations', conversationId: message.conversationId })}>Open conversation</a>
                ) : null}
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
