import type { ReactNode } from 'react';
import type { MessageView, TemplateView } from '../../api/types';
import { absoluteTime, clockTime } from '../runs/time-format';
import { bubbleText, delivery } from './message-format';
import './messages.css';

/**
 * One WhatsApp message as a chat bubble. `side` says where it sits: the sandbox puts the
 * customer (you) on the right, the conversations inbox puts the business on the right.
 */
export function MessageBubble({ message, templates, side, footer }: { message: MessageView; templates?: readonly TemplateView[]; side: 'start' | 'end'; footer?: ReactNode }) {
  const { text, template, summary } = bubbleText(message, templates);
  const status = delivery(message);
  return (
    <li className={`msg msg-${side} msg-${message.direction}`} data-testid="chat-message" data-direction={message.direction} data-status={message.status}>
      <div className="msg-bubble">
        {template ? (
          <div className="msg-template">
            <span className="msg-template-tag">Template</span>
            {/* The name and parameters as sent; the body below is the template filled with them. */}
            {summary !== text ? <code className="msg-template-summary">{summary}</code> : null}
          </div>
        ) : null}
        <p className="msg-text">{text || <span className="muted">(empty message)</span>}</p>
        {message.error ? (
          <p className="msg-error" role="note">
            <strong>{message.error.code}</strong> {message.error.message}
          </p>
        ) : null}
        <div className="msg-meta">
          <time dateTime={message.createdAt} title={absoluteTime(message.createdAt)}>
            {clockTime(message.createdAt)}
          </time>
          {status.ticks ? (
            <span className={`msg-ticks msg-ticks-${status.tone}`} title={status.label} aria-label={status.label} role="img">
              {status.ticks}
            </span>
          ) : null}
        </div>
      </div>
      {footer ? <div className="msg-footer">{footer}</div> : null}
    </li>
  );
}
