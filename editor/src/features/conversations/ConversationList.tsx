import type { ConnectionView, ConversationView } from '../../api/types';
import { routeHref } from '../../app/router';
import { StatusBadge } from '../../ui/StatusBadge';
import { RelativeTime } from '../runs/RelativeTime';

/** Conversations, the most recently active first; the selected one is marked as current. */
export function ConversationList({ conversations, senders, selectedId }: { conversations: ConversationView[]; senders: Map<string, ConnectionView>; selectedId?: string }) {
  return (
    <ul className="conv-list" aria-label="Conversations">
      {conversations.map((conversation) => {
        const sender = senders.get(conversation.connectionId);
        return (
          <li key={conversation.id}>
            <a
              className="conv-row"
              href={routeHref({ page: 'conversations', conversationId: conversation.id })}
              aria-current={conversation.id === selectedId ? 'page' : undefined}
              data-testid="conversation-row"
              data-conversation-id={conversation.id}
            >
              <span className="conv-avatar" aria-hidden="true">
                {(conversation.customer.name ?? conversation.customer.phone.replace('+', '')).slice(0, 1).toUpperCase()}
              </span>
              <span className="conv-row-main">
                <span className="conv-row-top">
                  <strong className="conv-row-name">{conversation.customer.name ?? conversation.customer.phone}</strong>
                  <span className="conv-row-time">
                    <RelativeTime iso={conversation.lastMessageAt} />
                  </span>
                </span>
                <span className="conv-row-bottom">
                  <span className="conv-row-sub">
                    {conversation.customer.name ? `${conversation.customer.phone} · ` : ''}
                    {sender ? sender.name : 'Unknown sender'}
                  </span>
                  <span className="conv-row-meta">
                    <span className="conv-count" title="Messages">
                      {conversation.messageCount ?? 0} msg
                    </span>
                    <StatusBadge status={conversation.status} />
                  </span>
                </span>
              </span>
            </a>
          </li>
        );
      })}
    </ul>
  );
}
