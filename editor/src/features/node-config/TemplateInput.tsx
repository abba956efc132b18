import { useContext, useMemo, useRef, type HTMLAttributes } from 'react';
import { FormContext } from './form-context';
import { variableChips } from './variable-chips';
import type { ControlA11y } from './FieldShell';
import { VariablePicker } from './VariablePicker';

interface TemplateInputProps {
  a11y: ControlA11y;
  /** The field's label, for the name of the "{ }" button. */
  label: string;
  value: string;
  onChange(text: string): void;
  multiline?: boolean;
  placeholder?: string;
  inputMode?: HTMLAttributes<HTMLInputElement>['inputMode'];
  /** Offer the variable picker (off for names such as a branch key). */
  picker?: boolean;
  /** `path`: the picker hands back a bare path (a condition's field) that replaces the value. */
  mode?: 'template' | 'path';
  autoComplete?: string;
  onBlur?(): void;
}

/**
 * A text input or text area with the variable picker: a picked variable is inserted as
 * `{{path}}` where the cursor was (or at the end when the field was never focused).
 */
export function TemplateInput({ a11y, label, value, onChange, multiline, placeholder, inputMode, picker = true, mode = 'template', autoComplete = 'off', onBlur }: TemplateInputProps) {
  const ref = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const focused = useRef(false);
  const form = useContext(FormContext);
  // The variables the text uses, as chips a person reads ("Appointment date · 2026-03-14"); the expression stays editable above.
  const chips = useMemo(() => (mode === 'template' && form && value.includes('{{') ? variableChips(value, form.variables()) : []), [mode, form, value]);

  const insert = (path: string) => {
    const element = ref.current;
    if (mode === 'path') {
      onChange(path);
      requestAnimationFrame(() => element?.focus());
      return;
    }
    const token = `{{${path}}}`;
    const start = focused.current && element ? (element.selectionStart ?? value.length) : value.length;
    const end = focused.current && element ? (element.selectionEnd ?? start) : value.length;
    onChange(value.slice(0, start) + token + value.slice(end));
    const caret = start + token.length;
    requestAnimationFrame(() => {
      element?.focus();
      element?.setSelectionRange(caret, caret);
    });
  };

  const common = {
    ...a11y,
    ref,
    value,
    placeholder,
    autoComplete,
    spellCheck: multiline ? undefined : false,
    onFocus: () => {
      focused.current = true;
    },
    onBlur,
  };

  return (
    <div className={`nc-input-row${multiline ? ' nc-multiline' : ''}`}>
      {multiline ? (
        <textarea {...common} rows={3} onChange={(event) => onChange(event.target.value)} />
      ) : (
        <input {...common} type="text" inputMode={inputMode} onChange={(event) => onChange(event.target.value)} />
      )}
      {picker ? <VariablePicker label={label} mode={mode} onPick={insert} /> : null}
      {chips.length > 0 ? (
        <ul className="nc-variable-chips" aria-label="Variables used" data-testid="variable-chips">
          {chips.map((chip) => (
            <li key={chip.path} className="nc-variable-chip" title={`${chip.source ? `${chip.source} › ` : ''}{{${chip.path}}}${chip.sample !== null ? ` = ${chip.sample}` : ''}`}>
              <span className="nc-chip-label">{chip.label}</span>
              {chip.sample !== null ? <span className="nc-chip-sample">{chip.sample}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
