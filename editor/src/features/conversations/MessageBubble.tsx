import type { ReactNode } from 'react';
import type { MediaMessage, MessageView, TemplateView } from '../../api/types';
import { InteractiveContent } from './InteractiveContent';
import { absoluteTime, clockTime } from '../runs/time-format';
import { bubbleText, delivery } from './message-format';
import './messages.css';

/**
 * One WhatsApp message as a chat bubble. `side` says where it sits: the sandbox puts the
 * customer (you) on the right, the conversations inbox puts the business on the right. An
 * interactive message shows its buttons or list (tappable when `onChoose` is given: the
 * simulator), a media message its image or file.
 */
export function MessageBubble({
  message,
  templates,
  side,
  footer,
  onChoose,
}: {
  message: MessageView;
  templates?: readonly TemplateView[];
  side: 'start' | 'end';
  footer?: ReactNode;
  onChoose?(id: string, title: string): void;
}) {
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
        {message.media ? <MediaPreview media={message.media} /> : null}
        {message.interactive ? (
          <InteractiveContent message={message.interactive} onChoose={onChoose} />
        ) : message.media ? (
          message.media.caption ? <p className="msg-text">{message.media.caption}</p> : null
        ) : (
          <p className="msg-text">{text || <span className="muted">(empty message)</span>}</p>
        )}
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

/** An image as a thumbnail linking to it; a document, video or audio as a link with its name. */
function MediaPreview({ media }: { media: MediaMessage }) {
  const safe = /^https?:\/\//i.test(media.url);
  if (media.kind === 'image' && safe) {
    return (
      <a className="msg-media" href={media.url} target="_blank" rel="noreferrer noopener" data-testid="media-image">
        <img src={media.url} alt={media.caption ?? 'Image'} loading="lazy" referrerPolicy="no-referrer" />
      </a>
    );
  }
  const name = media.filename ?? media.url.split('/').pop() ?? media.url;
  const icon = media.kind === 'document' ? '📄' : media.kind === 'video' ? '🎬' : media.kind === 'audio' ? '🎵' : '🖼';
  return (
    <span className="msg-media" data-testid="media-file">
      {safe ? (
        <a className="msg-media-file" href={media.url} target="_blank" rel="noreferrer noopener">
          {icon} {name}
        </a>
      ) : (
        <span className="msg-media-file">
          {icon} {name}
        </span>
      )}
    </span>
  );
}
