import { useState } from 'react';
import type { InteractiveMessage } from '../../api/types';
import './messages.css';

/**
 * An interactive WhatsApp message drawn as the customer's phone shows it: header, body and
 * footer in the bubble, reply buttons under it, a list behind its button, a link button. With
 * `onChoose` (the simulator) buttons and rows are tappable; without (a preview, the inbox) they
 * are shown only.
 */
export function InteractiveContent({ message, onChoose }: { message: InteractiveMessage; onChoose?(id: string, title: string): void }) {
  const [open, setOpen] = useState(false);
  return (
    <div className="msg-interactive" data-testid="interactive-message">
      <div className="msg-interactive-text">
        {message.header ? <p className="msg-interactive-header">{message.header}</p> : null}
        <p className="msg-text">{message.body}</p>
        {message.footer ? <p className="msg-interactive-footer">{message.footer}</p> : null}
      </div>
      {message.buttons && message.buttons.length > 0 ? (
        <div className="msg-choices" role="group" aria-label="Reply buttons">
          {message.buttons.map((button) => (
            <button key={button.id} type="button" className="msg-choice" data-testid="reply-button" data-button-id={button.id} disabled={!onChoose} onClick={() => onChoose?.(button.id, button.title)}>
              {button.title}
            </button>
          ))}
        </div>
      ) : null}
      {message.list ? (
        <div className="msg-choices">
          <button type="button" className="msg-choice msg-list-button" aria-expanded={open} data-testid="list-button" onClick={() => setOpen((current) => !current)}>
            ☰ {message.list.button}
          </button>
          {open ? (
            <div className="msg-list-rows" role="group" aria-label={message.list.button}>
              {message.list.sections.map((section, s) => (
                <div key={s} className="msg-list-section">
                  {section.title ? <p className="msg-list-section-title">{section.title}</p> : null}
                  {section.rows.map((row) => (
                    <button
                      key={row.id}
                      type="button"
                      className="msg-list-row"
                      data-testid="list-row"
                      data-row-id={row.id}
                      disabled={!onChoose}
                      onClick={() => {
                        setOpen(false);
                        onChoose?.(row.id, row.title);
                      }}
                    >
                      <span className="msg-list-row-title">{row.title}</span>
                      {row.description ? <span className="msg-list-row-description">{row.description}</span> : null}
                    </button>
                  ))}
                </div>
              ))}
            </div>
          ) : null}
        </div>
      ) : null}
      {message.cta ? (
        <div className="msg-choices">
          {/^https:\/\//i.test(message.cta.url) ? (
            <a className="msg-choice msg-cta" href={message.cta.url} target="_blank" rel="noreferrer noopener" data-testid="cta-link">
              ↗ {message.cta.text}
            </a>
          ) : (
            <span className="msg-choice msg-cta" data-testid="cta-link">
              ↗ {message.cta.text}
            </span>
          )}
        </div>
      ) : null}
    </div>
  );
}
