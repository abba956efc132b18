import { CopyButton } from '../runs/CopyButton';

/** A labelled block of code (JSON, a shell command) with a copy button; the text is what gets copied, exactly. */
export function CodeSample({ id, label, text, testId }: { id: string; label: string; text: string; testId?: string }) {
  return (
    <div className="nc-code-sample">
      <div className="nc-code-sample-header">
        <span className="nc-code-sample-label" id={`${id}-label`}>
          {label}
        </span>
        <CopyButton text={text} label={`Copy ${label.toLowerCase()}`} />
      </div>
      <pre className="code nc-code-sample-body" id={id} tabIndex={0} aria-labelledby={`${id}-label`} data-testid={testId}>
        {text}
      </pre>
    </div>
  );
}
