import { SECRET_SET_MARKER } from '@switchboard/shared';
import { useState } from 'react';
import { domId, problemsAt } from './field-paths';
import { FieldShell } from './FieldShell';
import { useForm, type FieldProps } from './form-context';
import type { SecretModel } from './schema-model';

/**
 * A write-only value. The engine never sends a stored one back, only `SECRET_SET_MARKER`: the
 * field then says it is set and offers to replace it (a new value) or to clear it (removes the
 * field); sending the marker back keeps the stored value. A value typed here stays masked.
 */
export function SecretField({ model, path, value, onChange, compact }: FieldProps<SecretModel>) {
  const form = useForm();
  const id = domId(form.nodeId, path);
  const stored = value === SECRET_SET_MARKER;
  const [replacing, setReplacing] = useState(false);
  const problems = problemsAt(form.problems, path, { deep: true });
  const text = typeof value === 'string' && !stored ? value : '';
  const localErrors = model.minLength !== undefined && text !== '' && [...text].length < model.minLength ? [`Use at least ${model.minLength} characters`] : [];

  if (stored && !replacing) {
    return (
      <FieldShell id={id} label={model.label} required={model.required} description={model.description} problems={problems} compact={compact}>
        {(a11y) => (
          <div className="nc-secret-set" data-testid="secret-set">
            <output id={a11y.id} aria-describedby={a11y['aria-describedby']} className="nc-secret-state">
              Set · stored encrypted
            </output>{' '}
            <button type="button" className="link-button" onClick={() => setReplacing(true)}>
              Replace
            </button>{' '}
            <button type="button" className="link-button" onClick={() => onChange(undefined)}>
              Clear
            </button>
          </div>
        )}
      </FieldShell>
    );
  }
  return (
    <FieldShell
      id={id}
      label={model.label}
      required={model.required}
      description={model.description}
      hint={stored ? 'The stored value stays until you type a new one.' : value === undefined ? 'Not set.' : undefined}
      problems={problems}
      localErrors={problems.length > 0 ? [] : localErrors}
      compact={compact}
      actions={
        replacing ? (
          <button
            type="button"
            className="link-button"
            onClick={() => {
              setReplacing(false);
              onChange(SECRET_SET_MARKER);
            }}
          >
            Keep the stored value
          </button>
        ) : undefined
      }
    >
      {(a11y) => (
        <input
          {...a11y}
          type="password"
          autoComplete="new-password"
          value={text}
          placeholder={stored ? 'Type a new value' : ''}
          onChange={(event) => onChange(event.target.value === '' ? (replacing ? SECRET_SET_MARKER : undefined) : event.target.value)}
        />
      )}
    </FieldShell>
  );
}
