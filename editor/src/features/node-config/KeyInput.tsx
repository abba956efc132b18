import { useEffect, useState } from 'react';

/** A name of a record entry: renamed as typed while the name is valid and unused; otherwise says why. */
export function KeyInput({ id, label, name, pattern, taken, onRename }: { id: string; label: string; name: string; pattern?: string; taken: readonly string[]; onRename(next: string): void }) {
  const [draft, setDraft] = useState(name);
  useEffect(() => setDraft(name), [name]);
  const problem =
    draft === '' ? 'Enter a name' : taken.includes(draft) ? `Another entry is called "${draft}"` : pattern && !new RegExp(pattern).test(draft) ? 'Use snake_case: lower-case letters, digits and _, starting with a letter' : null;
  return (
    <div className="nc-record-key">
      <input
        id={id}
        type="text"
        aria-label={label}
        value={draft}
        autoComplete="off"
        spellCheck={false}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? `${id}-error` : undefined}
        onChange={(event) => {
          const next = event.target.value;
          setDraft(next);
          // An invalid name is kept here only; a duplicate would overwrite the other entry.
          if (next !== '' && !taken.includes(next)) onRename(next);
        }}
        onBlur={() => setDraft(name)}
      />
      {problem ? (
        <p id={`${id}-error`} className="form-error">
          {problem}
        </p>
      ) : null}
    </div>
  );
}
