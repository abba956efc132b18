import { useMemo, useState } from 'react';
import { api } from '../../api/client';
import { routeHref } from '../../app/router';
import { Segmented } from '../../ui/Segmented';
import { EmptyState, ErrorState, Loading } from '../../ui/States';
import { useResource } from '../../ui/use-resource';
import { usePolled } from '../runs/use-polled';
import { ConversationDetail } from './ConversationDetail';
import { ConversationList } from './ConversationList';
import './conversations.css';

type StatusFilter = 'all' | 'open' | 'closed';
const FILTERS: Array<{ value: StatusFilter; label: string }> = [
  { value: 'all', label: 'All' },
  { value: 'open', label: 'Open' },
  { value: 'closed', label: 'Closed' },
];

const LIST_POLL_MS = 5_000;

/** Every WhatsApp conversation: a filterable list on the left, the selected one on the right. */
export function ConversationsPage({ conversationId }: { conversationId?: string }) {
  const [status, setStatus] = useState<StatusFilter>('all');
  const [sender, setSender] = useState('');
  const list = usePolled(
    () => {
      const query = new URLSearchParams({ limit: '100' });
      if (status !== 'all') query.set('status', status);
      if (sender) query.set('connectionId', sender);
      return api.get(`/api/conversations?${query}`);
    },
    [status, sender],
    () => LIST_POLL_MS,
  );
  const connections = useResource(() => api.get('/api/connections'), []);
  const senders = useMemo(() => new Map((connections.data?.connections ?? []).map((connection) => [connection.id, connection])), [connections.data]);
  const whatsappSenders = [...senders.values()].filter((connection) => connection.provider.startsWith('whatsapp.'));
  const conversations = list.data?.conversations ?? [];

  return (
    <div className="page-content conv-page">
      <header className="page-header">
        <div className="conv-intro">
          <h1>Conversations</h1>
          <p className="muted">WhatsApp chats with your customers, with every message your flows sent and its delivery status.</p>
        </div>
      </header>
      <div className="conv-layout">
        <section className="conv-pane" aria-label="Conversation list">
          <div className="conv-filters">
            <Segmented label="Status" name="conv-status" value={status} options={FILTERS} onChange={setStatus} />
            {whatsappSenders.length > 1 ? (
              <select aria-label="Sender" value={sender} onChange={(event) => setSender(event.target.value)} className="conv-sender-filter">
                <option value="">All senders</option>
                {whatsappSenders.map((connection) => (
                  <option key={connection.id} value={connection.id}>
                    {connection.name}
                  </option>
                ))}
              </select>
            ) : null}
          </div>
          {list.loading ? (
            <Loading label="Loading conversations…" />
          ) : list.error && !list.data ? (
            <ErrorState message={list.error} onRetry={list.reload} />
          ) : conversations.length === 0 ? (
            <EmptyState title={status === 'all' ? 'No conversations yet' : `No ${status} conversations`}>
              {status === 'all' ? (
                <>
                  A conversation opens when a customer writes to one of your WhatsApp senders. Try it in the <a href={routeHref({ page: 'sandbox' })}>sandbox</a>.
                </>
              ) : (
                'Try another filter.'
              )}
            </EmptyState>
          ) : (
            <ConversationList conversations={conversations} senders={senders} selectedId={conversationId} />
          )}
        </section>
        <section className="conv-pane conv-pane-detail" aria-label="Conversation">
          {conversationId ? (
            <ConversationDetail key={conversationId} conversationId={conversationId} senders={senders} onChanged={list.reload} />
          ) : (
            <EmptyState title="Pick a conversation">Its messages, delivery statuses and 24-hour reply window show here.</EmptyState>
          )}
        </section>
      </div>
    </div>
  );
}

