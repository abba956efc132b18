import { useLayoutEffect, useRef } from 'react';

/**
 * The choices of a "one of a list" argument (its `enum`): one input per choice, added with a
 * button or Enter, removed with ×. The agent must pass one of them exactly.
 */
export function ArgumentChoices({ id, argumentLabel, choices, onChange }: { id: string; argumentLabel: string; choices: readonly string[]; onChange(next: string[]): void }) {
  const list = useRef<HTMLUListElement>(null);
  // The choice to focus once it is drawn: in the same task as the click, so typing right away lands in it.
  const focusNext = useRef<number | null>(null);
  useLayoutEffect(() => {
    if (focusNext.current === null) return;
    list.current?.querySelectorAll('input')[focusNext.current]?.focus();
    focusNext.current = null;
  });
  const add = () => {
    focusNext.current = choices.length;
    onChange([...choices, '']);
  };
  const seen = new Set<string>();
  const duplicates = new Set(choices.filter((choice) => (seen.has(choice) ? true : (seen.add(choice), false))));
  return (
    <fieldset className="nc-arg-choices" id={id}>
      <legend className="nc-arg-sublabel">Choices</legend>
      {choices.length === 0 ? <p className="nc-warning nc-arg-note">Add the values the agent may pass.</p> : null}
      <ul ref={list}>
        {choices.map((choice, index) => (
          <li key={index}>
            <input
              type="text"
              value={choice}
              aria-label={`${argumentLabel} choice ${index + 1}`}
              autoComplete="off"
              spellCheck={false}
              aria-invalid={choice === '' || duplicates.has(choice) ? true : undefined}
              placeholder="e.g. standard"
              onChange={(event) => onChange(choices.map((old, i) => (i === index ? event.target.value : old)))}
              onKeyDown={(event) => {
                if (event.key !== 'Enter') return;
                event.preventDefault();
                add();
              }}
            />
            <button type="button" className="icon-button nc-remove" aria-label={`Remove ${argumentLabel} choice ${index + 1}`} title="Remove" onClick={() => onChange(choices.filter((_, i) => i !== index))}>
              ×
            </button>
          </li>
        ))}
      </ul>
      {duplicates.size > 0 ? <p className="form-error">Each choice once: {[...duplicates].map((choice) => (choice === '' ? 'an empty one' : `“${choice}”`)).join(', ')} is listed twice.</p> : null}
      <button type="button" className="link-button small nc-arg-add-choice" onClick={add}>
        + Add choice
      </button>
    </fieldset>
  );
}
