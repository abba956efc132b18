import { useEffect, useRef, useState } from 'react';

/**
 * The text of a JSON editor that shows `value`: what the person types stays as typed (half
 * written JSON included) until `value` changes from elsewhere (undo, the form), which replaces
 * it. `wrote(v)` says that `v` came from this editor, so its echo does not reformat the text.
 */
export function useJsonDraft(value: unknown, format: (value: unknown) => string) {
  const [text, setText] = useState(() => format(value));
  const written = useRef(JSON.stringify(value));
  useEffect(() => {
    if (JSON.stringify(value) === written.current) return;
    written.current = JSON.stringify(value);
    setText(format(value));
  }, [value, format]);
  const wrote = (next: unknown) => {
    written.current = JSON.stringify(next);
  };
  return { text, setText, wrote };
}
