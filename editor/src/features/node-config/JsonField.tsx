import { domId, problemsAt } from './field-paths';
import { FieldShell } from './FieldShell';
import { useForm, type FieldProps } from './form-context';
import { useJsonDraft } from './json-draft';
import type { JsonModel } from './schema-model';

const format = (value: unknown) => (value === undefined ? '' : JSON.stringify(value, null, 2));

/** Anything the form has no control for, as JSON: stored once it parses (and has the expected shape). */
export function JsonField({ model, path, value, onChange, compact }: FieldProps<JsonModel>) {
  const form = useForm();
  const id = domId(form.nodeId, path);
  const { text, setText, wrote } = useJsonDraft(value, format);

  let error: string | null = null;
  if (text.trim() !== '') {
    try {
      const parsed: unknown = JSON.parse(text);
      if (model.expects === 'object' && (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))) error = 'Enter a JSON object, e.g. { "customer": { "phone": "+14155551234" } }';
      if (model.expects === 'array' && !Array.isArray(parsed)) error = 'Enter a JSON list, e.g. ["a", "b"]';
    } catch (failure) {
      error = `This is not valid JSON: ${(failure as Error).message}`;
    }
  }

  return (
    <FieldShell id={id} label={model.label} required={model.required} description={model.description} hint="JSON" problems={problemsAt(form.problems, path, { deep: true })} localErrors={error ? [error] : []} compact={compact}>
      {(a11y) => (
        <textarea
          {...a11y}
          className="nc-code"
          spellCheck={false}
          rows={5}
          value={text}
          onChange={(event) => {
            const next = event.target.value;
            setText(next);
            if (next.trim() === '') {
              wrote(undefined);
              onChange(undefined);
              return;
            }
            try {
              const candidate = JSON.parse(next);
              const fits = model.expects === 'object' ? candidate !== null && typeof candidate === 'object' && !Array.isArray(candidate) : model.expects === 'array' ? Array.isArray(candidate) : true;
              if (fits) {
                wrote(candidate);
                onChange(candidate);
              }
            } catch {
              // Kept as typed until it parses.
            }
          }}
        />
      )}
    </FieldShell>
  );
}
