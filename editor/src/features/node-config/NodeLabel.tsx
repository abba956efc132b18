import { useEffect, useState } from 'react';

/** The node's name on the canvas (its label): typed freely, saved when the field is left or Enter is pressed (the store trims it). */
export function NodeLabel({ nodeId, name, placeholder, onCommit }: { nodeId: string; name: string; placeholder: string; onCommit(name: string): void }) {
  const [draft, setDraft] = useState(name);
  useEffect(() => setDraft(name), [name]);
  const commit = () => {
    if (draft.trim() !== name) onCommit(draft);
  };
  return (
    <div className="nc-field nc-label-field">
      <label htmlFor={`nc-${nodeId}-label`}>Step name</label>
      <input
        id={`nc-${nodeId}-label`}
        type="text"
        value={draft}
        placeholder={placeholder}
        autoComplete="off"
        onChange={(event) => setDraft(event.target.value)}
        onBlur={commit}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            commit();
          } else if (event.key === 'Escape') {
            setDraft(name);
          }
        }}
      />
    </div>
  );
}
