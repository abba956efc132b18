import { useState } from 'react';
import { routeHref } from '../../app/router';
import type { MessageView } from '../../api/types';
import { bubbleText, delivery } from '../conversations/message-format';
import { RelativeTime } from './RelativeTime';

/** The most messages the run view asks for (`GET /api/messages?limit=`): a loop may send thousands. */
export const RUN_MESSAGES_LIMIT = 100;
/** Shown before "Show all". */
const FIRST_MESSAGES = 10;

/** The WhatsApp messages a run sent, each with its delivery status; a long list (a loop's sends) opens on request. */
export function RunMessages({ messages, error, sandboxIds }: { messages: MessageView[] | undefined; error: string | null; /** The sandbox senders: their messages open in the simulator. */ sandboxIds?: ReadonlySet<string> }) {
  const [all, setAll] = useState(false);
  if (!messages) return error ? <p className="form-error">Messages could not be loaded: {error}</p> : null;
  if (messages.length === 0) return null;
  const ordered = [...messages].sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1));
  const shown = all ? ordered : ordered.slice(0, FIRST_MESSAGES);
  // The API gives the newest ones first: a full page means there may be more than these.
  const capped = messages.length >= RUN_MESSAGES_LIMIT;
  return (
    <section className="run-section" aria-labelledby="run-messages-heading">
      <h3 id="run-messages-heading">Messages ({capped ? `latest ${messages.length}` : messages.length})</h3>
      <ul className="run-messages">
        {shown.map((message) => {
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
                {sandboxIds?.has(message.connectionId) ? (
                  <a href={routeHref({ page: 'sandbox', connectionId: message.connectionId, phone: message.customer })} data-testid="view-in-simulator">
                    View in simulator
                  </a>
                ) : null}
              </div>
            </li>
          );
        })}
      </ul>
      {ordered.length > shown.length ? (
        <button type="button" className="link-button small run-messages-more" onClick={() => setAll(true)}>
          Show all {ordered.length}
        </button>
      ) : null}
    </section>
  );
}
