import { useId, useMemo, useState } from 'react';
import { CopyButton } from './CopyButton';

/** Pretty JSON, or a word for "nothing". */
export function prettyJson(value: unknown): string {
  if (value === undefined) return '';
  try {
    return JSON.stringify(value, null, 2) ?? '';
  } catch {
    return String(value);
  }
}

/**
 * A labelled, collapsible JSON view with a copy button (a step's input or output). The text is
 * made only while it shows or when copied: a loop's output over 1,000 items is a megabyte, and
 * the run view re-renders every second while the run goes on.
 */
export function JsonBlock({ label, value, emptyText = 'Nothing', defaultOpen = true }: { label: string; value: unknown; emptyText?: string; defaultOpen?: boolean }) {
  const [open, setOpen] = useState(defaultOpen);
  const id = useId();
  const empty = value === null || value === undefined;
  const text = useMemo(() => (open && !empty ? prettyJson(value) : ''), [open, empty, value]);
  return (
    <div className="json-block">
      <div className="json-block-header">
        <button type="button" className="json-block-toggle" aria-expanded={open} aria-controls={id} onClick={() => setOpen((value) => !value)} disabled={empty}>
          <span className="json-block-caret" aria-hidden="true">
            {open && !empty ? '▾' : '▸'}
          </span>
          {label}
          {empty ? <span className="muted"> · {emptyText}</span> : null}
        </button>
        {!empty ? <CopyButton text={() => (open ? text : prettyJson(value))} label={`Copy ${label.toLowerCase()}`} /> : null}
      </div>
      {open && !empty ? (
        <pre className="code json-block-code" id={id} tabIndex={0} aria-label={label}>
          {text}
        </pre>
      ) : null}
    </div>
  );
}
