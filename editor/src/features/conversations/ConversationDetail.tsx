import { useLayoutEffect, useRef, useState } from 'react';
import { api } from '../../api/client';
import type { ConnectionView, CustomerErasureView } from '../../api/types';
import { routeHref } from '../../app/router';
import { ErrorState, Loading } from '../../ui/States';
import { useResource } from '../../ui/use-resource';
import { usePolled } from '../runs/use-polled';
import { ConversationState } from './ConversationState';
import { EraseCustomer } from './EraseCustomer';
import { erasureSummary } from './erase-customer';
import { MessageBubble } from './MessageBubble';
import { RunLink } from './RunLink';
import { providerLabel } from '../connections/provider-forms';

const OPEN_POLL_MS = 2_000;

/** One conversation: its state and messages, refreshed while it is open. */
export function ConversationDetail({ conversationId, senders, onChanged }: { conversationId: string; senders: ReadonlyMap<string, ConnectionView>; onChanged(): void }) {
  const [erasure, setErasure] = useState<CustomerErasureView | null>(null);
  const conversation = usePolled(
    () => api.get(`/api/conversations/${encodeURIComponent(conversationId)}`),
    [conversationId],
    (data) => (erasure || (data && data.status === 'closed') ? null : OPEN_POLL_MS),
  );
  const connectionId = conversation.data?.connectionId;
  const templates = useResource(
    () => (connectionId ? api.get(`/api/connections/${connectionId}/templates`).catch(() => ({ templates: [] })) : Promise.resolve({ templates: [] })),
    [connectionId],
  );
  const scroller = useRef<HTMLDivElement>(null);
  const count = conversation.data?.messages?.length ?? 0;
  useLayoutEffect(() => {
    if (scroller.current) scroller.current.scrollTop = scroller.current.scrollHeight;
  }, [count]);

  if (erasure) {
    // The conversation is gone with the rest of the customer's data.
    return (
      <article className="conv-detail conv-erased" aria-label="Customer erased">
        <p role="status" data-testid="erase-customer-result">
          {erasureSummary(erasure)}
        </p>
      </article>
    );
  }
  if (conversation.loading) return <Loading label="Loading the conversation…" />;
  if (!conversation.data) return <ErrorState message={conversation.error ?? 'The conversation could not be loaded.'} onRetry={conversation.reload} />;
  const data = conversation.data;
  const messages = data.messages ?? [];
  const sender = senders.get(data.connectionId);

  return (
    <article className="conv-detail" aria-labelledby="conv-detail-heading">
      <header className="conv-detail-head">
        <div>
          <h2 id="conv-detail-heading">{data.customer.name ?? data.customer.phone}</h2>
          <p className="muted small">
            {data.customer.name ? `${data.customer.phone} · ` : ''}
            with {sender ? (sender.name === providerLabel(sender.provider) ? sender.name : `${sender.name} (${providerLabel(sender.provider)})`) : 'a deleted sender'}
            {sender?.provider === 'whatsapp.sandbox' ? (
              <>
                {' · '}
                <a href={routeHref({ page: 'sandbox', connectionId: sender.id, phone: data.customer.phone })}>Open in the simulator</a>
              </>
            ) : null}
          </p>
        </div>
      </header>
      <div className="conv-detail-body">
        <div className="conv-messages" ref={scroller}>
          {messages.length === 0 ? (
            <p className="muted conv-empty">No messages in this conversation.</p>
          ) : (
            <ol className="msg-list" aria-label="Messages">
              {messages.map((message) => (
                <MessageBubble
                  key={message.id}
                  message={message}
                  templates={templates.data?.templates}
                  side={message.direction === 'outbound' ? 'end' : 'start'}
                  footer={
                    message.direction === 'outbound' && message.nodeId ? (
                      <>
                        sent by step <code>{message.nodeId}</code>
                        {message.runId ? (
                          <>
                            {' · '}
                            <RunLink runId={message.runId} />
                          </>
                        ) : null}
                      </>
                    ) : undefined
                  }
                />
              ))}
            </ol>
          )}
        </div>
        <aside className="conv-detail-side" aria-label="Conversation state">
          <ConversationState
            conversation={data}
            onChanged={() => {
              conversation.reload();
              onChanged();
            }}
          />
          <div className="conv-erase">
            <EraseCustomer
              phone={data.customer.phone}
              name={data.customer.name}
              onErased={(result) => {
                setErasure(result);
                onChanged();
              }}
            />
          </div>
          {conversation.error ? (
            <p className="conv-stale" role="status">
              Could not refresh: {conversation.error}
            </p>
          ) : null}
        </aside>
      </div>
    </article>
  );
}
