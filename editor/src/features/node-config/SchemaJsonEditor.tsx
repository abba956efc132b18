import { useJsonDraft } from './json-draft';

const format = (value: unknown) => JSON.stringify(value, null, 2);

/**
 * A JSON object in a code text area: stored as soon as what is typed parses to an object, kept
 * as typed (with the reason) while it does not. Changes from outside (undo, the form) replace
 * the text unless they are what was just typed.
 */
export function SchemaJsonEditor({
  id,
  label,
  value,
  onChange,
  describedBy,
  invalid,
  rows = 8,
}: {
  id: string;
  label: string;
  value: Record<string, unknown>;
  onChange(next: Record<string, unknown>): void;
  /** Ids of the help and problems outside the editor. */
  describedBy?: string;
  /** The engine reported a problem here. */
  invalid?: boolean;
  rows?: number;
}) {
  const { text, setText, wrote } = useJsonDraft(value, format);

  let error: string | null = null;
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) error = 'Enter a JSON object: { … }';
  } catch (failure) {
    error = `Not valid JSON yet: ${(failure as Error).message}`;
  }
  const errorId = `${id}-json-error`;

  return (
    <div className="nc-json-editor">
      <textarea
        id={id}
        className="nc-code"
        aria-label={label}
        spellCheck={false}
        autoComplete="off"
        rows={rows}
        value={text}
        aria-invalid={error || invalid ? true : undefined}
        aria-describedby={[describedBy, error ? errorId : null].filter(Boolean).join(' ') || undefined}
        onChange={(event) => {
          const next = event.target.value;
          setText(next);
          try {
            const parsed: unknown = JSON.parse(next);
            if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
              wrote(parsed);
              onChange(parsed as Record<string, unknown>);
            }
          } catch {
            // Kept as typed until it parses.
          }
        }}
        onBlur={() => {
          // Leaving a valid editor tidies it; an invalid one keeps what was typed, to fix.
          if (!error) setText(format(value));
        }}
      />
      {error ? (
        <p id={errorId} className="form-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
