import { useRef, useState, type KeyboardEvent } from 'react';

/** The phone's text box: Enter sends, Shift+Enter starts a new line. */
export function Composer({ disabled, onSend }: { disabled?: boolean; onSend(text: string): Promise<boolean> }) {
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);

  const send = async () => {
    const value = text.trim();
    if (!value || sending || disabled) return;
    setSending(true);
    setText('');
    const ok = await onSend(value);
    // Keep what was written when it could not be sent.
    if (!ok) setText((current) => (current ? current : value));
    setSending(false);
    area.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void send();
    }
  };

  const lines = Math.min(5, Math.max(1, text.split('\n').length));
  return (
    <form
      className="sbx-composer"
      onSubmit={(event) => {
        event.preventDefault();
        void send();
      }}
    >
      <textarea
        ref={area}
        aria-label="Message"
        placeholder={disabled ? 'Enter a valid phone number first' : 'Type a message as the customer'}
        value={text}
        rows={lines}
        maxLength={4096}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={onKeyDown}
        disabled={disabled}
        aria-describedby="sbx-composer-hint"
      />
      <button type="submit" className="sbx-send" aria-label="Send" disabled={disabled || sending || text.trim() === ''} title="Send (Enter)">
        <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
          <path fill="currentColor" d="M3.4 20.4 21 12 3.4 3.6 3.4 10.2 15 12 3.4 13.8z" />
        </svg>
      </button>
      <span id="sbx-composer-hint" className="visually-hidden">
        Enter sends, Shift+Enter adds a new line.
      </span>
    </form>
  );
}
