import { useState, type FormEvent } from 'react';
import { ApiError, api, errorMessage } from '../../api/client';
import type { ConnectionView } from '../../api/types';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { PROVIDER_FORMS, buildConfig, fieldErrors, initialValues, isVisible, providerForm, type FieldErrors, type FormValues, type ProviderField } from './provider-forms';

/** Choose a provider, fill in its fields, create the connection; the API's field errors land next to the fields. */
export function NewConnectionDialog({ open, initialProvider, onClose, onCreated }: { open: boolean; initialProvider?: string; onClose(): void; onCreated(connection: ConnectionView): void }) {
  // Mounted only while open, so every opening starts from a fresh form.
  return open ? <NewConnectionForm initialProvider={initialProvider} onClose={onClose} onCreated={onCreated} /> : null;
}

function NewConnectionForm({ initialProvider, onClose, onCreated }: { initialProvider?: string; onClose(): void; onCreated(connection: ConnectionView): void }) {
  // A provider the forms do not know (a stale link) falls back to the sandbox.
  const [provider, setProvider] = useState(initialProvider && providerForm(initialProvider) ? initialProvider : 'whatsapp.sandbox');
  const form = providerForm(provider)!;
  const [name, setName] = useState('');
  const [values, setValues] = useState<FormValues>(() => initialValues(form));
  const [errors, setErrors] = useState<FieldErrors>({ fields: {}, general: [] });
  const [advancedOpen, setAdvancedOpen] = useState(false);
  const [busy, setBusy] = useState(false);

  const choose = (next: string) => {
    setProvider(next);
    setValues(initialValues(providerForm(next)!));
    setErrors({ fields: {}, general: [] });
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setErrors({ fields: {}, general: [] });
    try {
      const created = await api.post('/api/connections', { name: name.trim() || form.label, provider, config: buildConfig(form, values) });
      onCreated(created);
    } catch (error) {
      if (error instanceof ApiError && error.status === 400) {
        const sorted = fieldErrors(error.details, form);
        if (sorted.general.length === 0 && Object.keys(sorted.fields).length === 0) sorted.general.push(error.message);
        setErrors(sorted);
        if (form.fields.some((field) => field.advanced && sorted.fields[field.key])) setAdvancedOpen(true);
      } else {
        setErrors({ fields: {}, general: [errorMessage(error)] });
      }
    } finally {
      setBusy(false);
    }
  };

  const visible = form.fields.filter((field) => isVisible(field, values));
  const basic = visible.filter((field) => !field.advanced);
  const advanced = visible.filter((field) => field.advanced);
  const errorCount = Object.keys(errors.fields).length + errors.general.length;

  return (
    <Dialog
      open
      title="New connection"
      onClose={onClose}
      wide
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" form="new-connection-form" variant="primary" busy={busy}>
            Create connection
          </Button>
        </>
      }
    >
      <form id="new-connection-form" className="conn-form" onSubmit={(event) => void submit(event)} noValidate>
        <fieldset className="conn-providers">
          <legend>Provider</legend>
          <div className="conn-provider-grid">
            {PROVIDER_FORMS.map((candidate) => (
              <label key={candidate.provider} className={`conn-provider-option${candidate.provider === provider ? ' is-selected' : ''}`} data-testid="provider-option">
                <input
                    type="radio"
                    name="provider"
                    value={candidate.provider}
                    checked={candidate.provider === provider}
                    onChange={() => choose(candidate.provider)}
                    aria-label={candidate.label}
                    aria-describedby={`provider-${candidate.provider}-tagline`}
                  />
                <span className={`conn-provider-mark conn-provider-mark-${candidate.provider.split('.')[1]}`} aria-hidden="true">
                  {candidate.label.slice(0, 1)}
                </span>
                <span className="conn-provider-text">
                  <span className="conn-provider-name">{candidate.label}</span>
                  <span className="hint" id={`provider-${candidate.provider}-tagline`}>
                      {candidate.tagline}
                    </span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>

        <div className="conn-fields">
          <div className="field">
            <label htmlFor="conn-name">Name</label>
            <input
              id="conn-name"
              value={name}
              placeholder={form.label === 'Sandbox' ? 'Sandbox' : `e.g. ${form.label} — Support line`}
              onChange={(event) => setName(event.target.value)}
              aria-invalid={errors.fields.name ? true : undefined}
              aria-describedby={errors.fields.name ? 'conn-name-error' : 'conn-name-hint'}
              maxLength={200}
            />
            {errors.fields.name ? (
              <span className="form-error" id="conn-name-error">
                {errors.fields.name}
              </span>
            ) : (
              <span className="hint" id="conn-name-hint">
                How flows and people will recognise this connection.
              </span>
            )}
          </div>
          {basic.map((field) => (
            <FormField key={field.key} field={field} value={values[field.key] ?? ''} error={errors.fields[field.key]} onChange={(value) => setValues((current) => ({ ...current, [field.key]: value }))} />
          ))}
          {basic.length === 0 ? <p className="hint">The sandbox needs no account or keys. It offers a few sample templates (appointment confirmation, reminder, follow-up…).</p> : null}
          {advanced.length > 0 ? (
            <details className="conn-advanced" open={advancedOpen} onToggle={(event) => setAdvancedOpen((event.target as HTMLDetailsElement).open)}>
              <summary>Advanced settings</summary>
              <div className="conn-advanced-fields">
                {advanced.map((field) => (
                  <FormField key={field.key} field={field} value={values[field.key] ?? ''} error={errors.fields[field.key]} onChange={(value) => setValues((current) => ({ ...current, [field.key]: value }))} />
                ))}
              </div>
            </details>
          ) : null}
        </div>

        {errors.general.length > 0 ? (
          <div className="conn-form-errors" role="alert">
            {errors.general.map((message) => (
              <p key={message}>{message}</p>
            ))}
          </div>
        ) : errorCount > 0 ? (
          <p className="form-error" role="alert">
            {errorCount === 1 ? 'One field needs attention.' : `${errorCount} fields need attention.`}
          </p>
        ) : null}
      </form>
    </Dialog>
  );
}

function FormField({ field, value, error, onChange }: { field: ProviderField; value: string; error?: string; onChange(value: string): void }) {
  const id = `conn-field-${field.key}`;
  const describedBy = error ? `${id}-error` : field.hint ? `${id}-hint` : undefined;
  const common = {
    id,
    name: field.key,
    value,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy,
    'aria-required': field.required || undefined,
  } as const;
  return (
    <div className="field">
      <label htmlFor={id}>
        {field.label}
        {field.required ? <span className="conn-required" aria-hidden="true"> *</span> : <span className="conn-optional"> (optional)</span>}
        {field.kind === 'secret' ? <span className="conn-secret-tag">secret</span> : null}
      </label>
      {field.kind === 'select' ? (
        <select {...common} onChange={(event) => onChange(event.target.value)}>
          {field.options?.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      ) : (
        <input
          {...common}
          type={field.kind === 'secret' ? 'password' : field.kind === 'number' ? 'number' : field.kind === 'url' ? 'url' : 'text'}
          autoComplete={field.kind === 'secret' ? 'new-password' : 'off'}
          spellCheck={false}
          placeholder={field.placeholder}
          min={field.kind === 'number' ? 1 : undefined}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
      {error ? (
        <span className="form-error" id={`${id}-error`}>
          {error}
        </span>
      ) : field.hint ? (
        <span className="hint" id={`${id}-hint`}>
          {field.hint}
        </span>
      ) : null}
    </div>
  );
}
