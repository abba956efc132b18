import { useEffect, useLayoutEffect, useRef } from 'react';
import type { ConnectionView, ConversationView, MessageView, TemplateView } from '../../api/types';
import { MessageBubble } from '../conversations/MessageBubble';
import { absoluteTime, clockTime } from '../runs/time-format';
import { Composer } from './Composer';
import { closeReasonText } from '../conversations/message-format';
import { chatItems } from './sandbox-chat';
import { useOfflineReplies } from './use-offline-replies';
import { connectAiHref } from '../node-config/ai-status';

export interface PendingMessage {
  key: string;
  text: string;
  createdAt: string;
}

/**
 * A phone as the customer sees it: the business (the sandbox sender) at the top, the
 * customer's own messages on the right, the flows' replies on the left.
 */
export function SandboxPhone({
  sender,
  customerName,
  customerPhone,
  messages,
  conversation,
  pending,
  templates,
  loading,
  canSend,
  onSend,
  onChoose,
}: {
  sender: ConnectionView;
  customerName: string;
  customerPhone: string;
  messages: MessageView[];
  conversation: ConversationView | null;
  pending: PendingMessage[];
  templates: TemplateView[];
  loading: boolean;
  canSend: boolean;
  onSend(text: string): Promise<boolean>;
  /** The customer taps a reply button or list row of a flow's message. */
  onChoose(id: string, title: string): void;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const items = chatItems(messages);
  const offlineRuns = useOfflineReplies(messages.flatMap((message) => (message.direction === 'outbound' && message.runId ? [message.runId] : [])));
  const count = messages.length + pending.length;

  // Follow new messages while the reader is at the bottom; leave them be when they scrolled up.
  useLayoutEffect(() => {
    const element = scroller.current;
    if (element && stick.current) element.scrollTop = element.scrollHeight;
  }, [count, messages.at(-1)?.status, conversation?.status]);
  useEffect(() => {
    stick.current = true;
  }, [customerPhone, sender.id]);

  return (
    <section className="sbx-phone" aria-label={`Chat with ${sender.name}`}>
      <header className="sbx-phone-head">
        <span className="sbx-avatar" aria-hidden="true">
          {sender.name.slice(0, 1).toUpperCase()}
        </span>
        <div className="sbx-phone-title">
          <strong>{sender.name}</strong>
          <span>Your flows answer here</span>
        </div>
      </header>
      <div
        className="sbx-chat"
        ref={scroller}
        onScroll={(event) => {
          const element = event.currentTarget;
          stick.current = element.scrollHeight - element.scrollTop - element.clientHeight < 40;
        }}
      >
        <p className="sbx-you">
          You are {customerName ? <strong>{customerName}</strong> : 'the customer'} · {customerPhone}
        </p>
        {loading ? (
          <p className="sbx-chat-note" role="status">
            Loading the chat…
          </p>
        ) : count === 0 ? (
          <p className="sbx-chat-note">No messages yet. Write something below — flows listening to this sender answer within a second or two.</p>
        ) : null}
        <ol className="msg-list" aria-label="Messages" aria-live="polite" aria-relevant="additions">
          {items.map((item) =>
            item.kind === 'divider' ? (
              <li key={item.key} className="msg-divider" role="separator">
                {item.text} · <time dateTime={item.at} title={absoluteTime(item.at)}>{clockTime(item.at)}</time>
              </li>
            ) : (
              <MessageBubble
                key={item.message.id}
                message={item.message}
                templates={templates}
                side={item.message.direction === 'inbound' ? 'end' : 'start'}
                footer={item.message.runId && offlineRuns.has(item.message.runId) ? <OfflineNote /> : undefined}
                onChoose={item.message.direction === 'outbound' && canSend ? onChoose : undefined}
              />
            ),
          )}
          {conversation?.status === 'closed' && conversation.closedAt && pending.length === 0 ? (
            <li className="msg-divider" role="separator">
              Conversation {closeReasonText(conversation.closeReason)} ·{' '}
              <time dateTime={conversation.closedAt} title={absoluteTime(conversation.closedAt)}>
                {clockTime(conversation.closedAt)}
              </time>
              <br />
              The next message opens a new one.
            </li>
          ) : null}
          {pending.map((message) => (
            <li key={message.key} className="msg msg-end msg-inbound msg-pending" data-testid="chat-message" data-direction="inbound" data-status="sending">
              <div className="msg-bubble">
                <p className="msg-text">{message.text}</p>
                <div className="msg-meta">
                  <span>{clockTime(message.createdAt)}</span>
                  <span className="msg-ticks msg-ticks-pending" role="img" aria-label="Sending" title="Sending">
                    ⏱
                  </span>
                </div>
              </div>
            </li>
          ))}
        </ol>
      </div>
      <Composer disabled={!canSend} onSend={onSend} />
    </section>
  );
}

/** Under a reply the offline rules wrote: the same acknowledgement every time is not a model's answer. */
function OfflineNote() {
  return (
    <p className="msg-offline" data-testid="reply-offline">
      Offline AI reply: no AI model is connected, so fixed rules answered. <a href={connectAiHref()}>Connect an AI model</a>
    </p>
  );
}
