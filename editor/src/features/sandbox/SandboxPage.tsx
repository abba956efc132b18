import { useEffect, useState } from 'react';
import { api, ApiError, errorMessage } from '../../api/client';
import type { ConnectionView, ConversationDetailView, MessageView } from '../../api/types';
import { navigate, routeHref } from '../../app/router';
import { describe } from '../../store/catalog-store';
import { useRefusal } from '../../store/use-access';
import { Button } from '../../ui/Button';
import { FormError } from '../../ui/FormError';
import { EmptyState, ErrorState, Loading } from '../../ui/States';
import { useResource } from '../../ui/use-resource';
import { ConversationState } from '../conversations/ConversationState';
import { usePolled } from '../runs/use-polled';
import { customersNewestFirst, initialCustomerPhone, listeningFlows, looksLikePhone, mergeChat, normalizeCustomerPhone } from './sandbox-chat';
import { relativeTime } from '../runs/time-format';
import { SandboxPhone, type PendingMessage } from './SandboxPhone';
import './sandbox.css';

const CHAT_POLL_MS = 1_000;

/** The simulator: be a customer writing to a sandbox sender, and watch the flows answer. */
export function SandboxPage({ connectionId, phone }: { connectionId?: string; phone?: string }) {
  const connections = useResource(() => api.get('/api/connections'), []);
  const cannotCreate = useRefusal('POST', '/api/connections', 'add a sandbox sender');
  const [creating, setCreating] = useState(false);
  const [createError, setCreateError] = useState<string | null>(null);

  const createSandbox = async () => {
    setCreating(true);
    setCreateError(null);
    try {
      const created = await api.post('/api/connections', { name: 'Sandbox', provider: 'whatsapp.sandbox' });
      navigate({ page: 'sandbox', connectionId: created.id });
      connections.reload();
    } catch (error) {
      setCreateError(errorMessage(error));
    } finally {
      setCreating(false);
    }
  };

  const header = (
    <header className="page-header">
      <div className="sbx-intro">
        <h1>Sandbox</h1>
        <p className="muted">Chat with your flows as a customer would on WhatsApp — no phone or WhatsApp account needed.</p>
      </div>
    </header>
  );

  if (connections.loading) return <div className="page-content">{header}<Loading label="Loading senders…" /></div>;
  if (connections.error && !connections.data) {
    return (
      <div className="page-content">
        {header}
        <ErrorState message={connections.error} onRetry={connections.reload} />
      </div>
    );
  }
  const sandboxes = (connections.data?.connections ?? []).filter((connection) => connection.provider === 'whatsapp.sandbox');
  if (sandboxes.length === 0) {
    return (
      <div className="page-content">
        {header}
        <div className="card">
          <EmptyState
            title="No sandbox sender yet"
            action={
              <Button variant="primary" busy={creating} onClick={() => void createSandbox()} disabled={Boolean(cannotCreate)} title={cannotCreate}>
                Create a sandbox sender
              </Button>
            }
          >
            A sandbox sender behaves like a real WhatsApp number: flows send from it, and here you write back as the customer. One click, no keys.
          </EmptyState>
          <FormError message={createError} />
        </div>
      </div>
    );
  }
  const sender = connectionId ? sandboxes.find((candidate) => candidate.id === connectionId) : sandboxes[0];
  if (!sender) {
    return (
      <div className="page-content">
        {header}
        <ErrorState message="This connection is not a sandbox sender (or no longer exists). Pick one of your sandbox senders instead." />
        <p className="sbx-center">
          <a href={routeHref({ page: 'sandbox' })}>Open the sandbox</a>
        </p>
      </div>
    );
  }
  return (
    <div className="page-content sbx-page">
      {header}
      <SandboxWorkspace key={`${sender.id} ${phone ?? ''}`} sender={sender} sandboxes={sandboxes} linkedPhone={phone} />
    </div>
  );
}

interface ChatData {
  conversation: ConversationDetailView | null;
  messages: MessageView[];
}

const CUSTOMERS_POLL_MS = 3_000;

function SandboxWorkspace({ sender, sandboxes, linkedPhone }: { sender: ConnectionView; sandboxes: ConnectionView[]; linkedPhone?: string }) {
  const cannotWrite = useRefusal('POST', '/api/sandbox/:connectionId/inbound', 'write in the sandbox');
  const initial = initialCustomerPhone(linkedPhone, []);
  const [phoneInput, setPhoneInput] = useState(initial);
  const [name, setName] = useState('Sam Customer');
  const [phone, setPhone] = useState(initial);
  // Until someone picks or types a number, the chat follows the newest customer once the list is in.
  const [chosen, setChosen] = useState(Boolean(linkedPhone));
  const customerList = usePolled(() => api.get(`/api/sandbox/${encodeURIComponent(sender.id)}/customers`), [sender.id], () => CUSTOMERS_POLL_MS);
  const customers = customersNewestFirst(customerList.data?.customers ?? []);
  useEffect(() => {
    if (chosen || !customerList.data) return;
    const newest = customersNewestFirst(customerList.data.customers)[0];
    setChosen(true);
    if (!newest) return;
    setPhoneInput(newest.phone);
    setPhone(newest.phone);
    if (newest.name) setName(newest.name);
  }, [chosen, customerList.data]);
  const openCustomer = (customer: { phone: string; name: string | null }) => {
    setChosen(true);
    setPhoneInput(customer.phone);
    setPhone(customer.phone);
    setName(customer.name ?? '');
  };
  const [pending, setPending] = useState<Array<PendingMessage & { messageId?: string }>>([]);
  const [sendError, setSendError] = useState<string | null>(null);

  // Follow the typed number once typing pauses, not on every keystroke.
  useEffect(() => {
    const timer = setTimeout(() => setPhone(normalizeCustomerPhone(phoneInput)), 500);
    return () => clearTimeout(timer);
  }, [phoneInput]);
  const valid = looksLikePhone(phone);

  const chat = usePolled<ChatData>(
    async () => {
      if (!valid) return { conversation: null, messages: [] };
      const [list, recent] = await Promise.all([
        api.get(`/api/conversations?connectionId=${sender.id}&customer=${encodeURIComponent(phone)}&limit=1`),
        api.get(`/api/messages?connectionId=${sender.id}&limit=200`),
      ]);
      const newest = list.conversations[0];
      const detail = newest ? await api.get(`/api/conversations/${newest.id}`) : null;
      return { conversation: detail, messages: mergeChat(detail?.messages ?? [], recent.messages, phone) };
    },
    [sender.id, phone, valid],
    () => (valid ? CHAT_POLL_MS : null),
  );
  const templates = useResource(() => api.get(`/api/connections/${sender.id}/templates`), [sender.id]);
  const flows = useResource(() => api.get('/api/flows'), []);

  const messages = chat.data?.messages ?? [];
  const known = new Set(messages.map((message) => message.id));
  const stillPending = pending.filter((message) => !message.messageId || !known.has(message.messageId));

  // A tap on a reply button or list row arrives as Meta's would: its id, with its title as the text.
  const send = async (text: string, buttonId?: string): Promise<boolean> => {
    const key = `pending-${Date.now()}-${Math.random()}`;
    setSendError(null);
    setPending((current) => [...current, { key, text, createdAt: new Date().toISOString() }]);
    try {
      const answer = await api.post(`/api/sandbox/${sender.id}/inbound`, { from: phone, text, ...(buttonId ? { buttonId } : {}), ...(name.trim() ? { name: name.trim() } : {}) });
      setPending((current) => current.map((message) => (message.key === key ? { ...message, messageId: answer.messageId } : message)));
      chat.reload();
      return true;
    } catch (error) {
      setPending((current) => current.filter((message) => message.key !== key));
      const detail = error instanceof ApiError && Array.isArray(error.details) ? (error.details as Array<{ field?: string; message?: string }>).find((item) => item.field === 'from') : undefined;
      setSendError(detail?.message ? `The phone number: ${detail.message}` : errorMessage(error));
      return false;
    }
  };

  const listening = flows.data ? listeningFlows(flows.data.flows, sender.id) : null;

  return (
    <div className="sbx-layout">
      <aside className="sbx-side" aria-label="Customer settings">
        <section className="card sbx-card">
          <h2>Customer</h2>
          <div className="field">
            <label htmlFor="sbx-sender">Sandbox sender</label>
            <select id="sbx-sender" value={sender.id} onChange={(event) => navigate({ page: 'sandbox', connectionId: event.target.value })}>
              {sandboxes.map((candidate) => (
                <option key={candidate.id} value={candidate.id}>
                  {candidate.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="sbx-phone">Customer phone</label>
            <input
              id="sbx-phone"
              value={phoneInput}
              inputMode="tel"
              autoComplete="off"
              onChange={(event) => {
                setChosen(true);
                setPhoneInput(event.target.value);
              }}
              onBlur={() => setPhone(normalizeCustomerPhone(phoneInput))}
              aria-invalid={!valid || undefined}
              aria-describedby="sbx-phone-hint"
            />
            <span className="hint" id="sbx-phone-hint">
              {valid ? 'With the country code. A new number starts a new chat.' : 'Write it with the country code, e.g. +14155550100.'}
            </span>
          </div>
          <div className="field">
            <label htmlFor="sbx-name">Customer name</label>
            <input id="sbx-name" value={name} onChange={(event) => setName(event.target.value)} maxLength={200} aria-describedby="sbx-name-hint" />
            <span className="hint" id="sbx-name-hint">
              The WhatsApp profile name flows see as <code>{'{{trigger.name}}'}</code>.
            </span>
          </div>
        </section>
        <section className="card sbx-card" aria-labelledby="sbx-chats-heading">
          <h2 id="sbx-chats-heading">Chats</h2>
          {customerList.loading ? (
            <p className="muted small">Loading…</p>
          ) : customers.length === 0 ? (
            <p className="muted small">No customer yet: write as one above, or let a flow send a template to a number.</p>
          ) : (
            <ul className="sbx-chats" aria-label="Customers, newest first" data-testid="sandbox-customers">
              {customers.map((customer) => (
                <li key={customer.phone}>
                  <button
                    type="button"
                    className="sbx-chat"
                    aria-current={customer.phone === phone ? 'true' : undefined}
                    onClick={() => openCustomer(customer)}
                    data-testid="sandbox-customer"
                    data-phone={customer.phone}
                  >
                    <span className="sbx-chat-top">
                      <span className="sbx-chat-name">{customer.name ?? customer.phone}</span>
                      <span className="sbx-chat-time muted small">{relativeTime(customer.lastMessageAt)}</span>
                    </span>
                    {customer.name ? <span className="muted small">{customer.phone}</span> : null}
                    <span className="sbx-chat-last small">
                      {customer.lastDirection === 'outbound' ? 'You: ' : ''}
                      {customer.lastText ?? '(no text)'}
                      {customer.unread > 0 ? (
                        <span className="sbx-chat-unread" aria-label={`${customer.unread} unread`}>
                          {customer.unread}
                        </span>
                      ) : null}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
      </aside>

      <div className="sbx-main">
        <SandboxPhone
          sender={sender}
          customerName={name.trim()}
          customerPhone={phone}
          messages={messages}
          conversation={chat.data?.conversation ?? null}
          pending={stillPending}
          templates={templates.data?.templates ?? []}
          loading={chat.loading && valid}
          canSend={valid && !cannotWrite}
          onSend={send}
          onChoose={(id, title) => void send(title, id)}
        />
        {sendError ? (
          <p className="form-error sbx-error" role="alert">
            {sendError}
          </p>
        ) : chat.error ? (
          <p className="sbx-stale" role="status">
            Could not refresh the chat: {chat.error}
          </p>
        ) : null}
      </div>

      <aside className="sbx-side" aria-label="Conversation and flows">
        <section className="card sbx-card" aria-labelledby="sbx-conversation-heading">
          <h2 id="sbx-conversation-heading">Conversation</h2>
          {chat.data?.conversation ? (
            <ConversationState conversation={chat.data.conversation} onChanged={chat.reload} compact />
          ) : (
            <p className="muted small">None yet. The customer’s first message opens one (and starts flows with a “WhatsApp conversation started” trigger).</p>
          )}
        </section>

        <section className="card sbx-card" aria-labelledby="sbx-flows-heading">
          <h2 id="sbx-flows-heading">Flows that answer</h2>
          {listening === null ? (
            flows.error ? <p className="form-error">{flows.error}</p> : <p className="muted small">Loading…</p>
          ) : listening.length === 0 ? (
            <p className="muted small">
              No published flow listens to this sender yet: messages arrive, but nothing answers. <a href={routeHref({ page: 'flows' })}>Create a flow</a> with a WhatsApp
              trigger and publish it.
            </p>
          ) : (
            <ul className="sbx-flows">
              {listening.map((flow) => (
                <li key={flow.id}>
                  <a href={routeHref({ page: 'flow', flowId: flow.id })}>{flow.name}</a>
                  <span className="muted small">{flow.triggerType ? (describe(flow.triggerType)?.title ?? flow.triggerType) : ''}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </aside>

    </div>
  );
}
