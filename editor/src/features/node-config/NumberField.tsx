import { useEffect, useState } from 'react';
import { domId, problemsAt } from './field-paths';
import { FieldShell } from './FieldShell';
import { useForm, type FieldProps } from './form-context';
import type { NumberModel } from './schema-model';
import { numberFromText } from './field-values';
import { TemplateInput } from './TemplateInput';

/**
 * A number; when the schema accepts a `{{ }}` expression too, with the variable picker. The text
 * is kept while typing ("1." stays "1." while 1 is stored).
 */
export function NumberField({ model, path, value, onChange, compact }: FieldProps<NumberModel>) {
  const form = useForm();
  const id = domId(form.nodeId, path);
  const formatted = value === undefined || value === null ? '' : String(value);
  const [draft, setDraft] = useState(formatted);
  useEffect(() => {
    // Follow changes made elsewhere (undo), not the ones this field just made.
    if (numberFromText(draft) !== value) setDraft(formatted);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value]);

  const parsed = numberFromText(draft);
  const localErrors: string[] = [];
  if (typeof parsed === 'string' && !(model.templated && parsed.includes('{{'))) localErrors.push(model.templated ? 'Enter a number or a {{ }} variable' : 'Enter a number');
  if (typeof parsed === 'number') {
    if (model.integer && !Number.isInteger(parsed)) localErrors.push('Enter a whole number');
    if (model.minimum !== undefined && parsed < model.minimum) localErrors.push(`At least ${model.minimum}`);
    if (model.exclusiveMinimum !== undefined && parsed <= model.exclusiveMinimum) localErrors.push(`More than ${model.exclusiveMinimum}`);
    if (model.maximum !== undefined && parsed > model.maximum) localErrors.push(`At most ${model.maximum}`);
  }
  const problems = problemsAt(form.problems, path, { deep: true });
  const range = [
    model.minimum !== undefined ? `from ${model.minimum}` : model.exclusiveMinimum !== undefined ? `more than ${model.exclusiveMinimum}` : null,
    model.maximum !== undefined ? `up to ${model.maximum}` : null,
  ].filter(Boolean);
  const hint = [model.default !== undefined ? `Default: ${String(model.default)}.` : null, range.length > 0 ? `A number ${range.join(' ')}.` : null].filter(Boolean).join(' ') || undefined;

  const change = (text: string) => {
    setDraft(text);
    onChange(numberFromText(text));
  };

  return (
    <FieldShell id={id} label={model.label} required={model.required} description={model.description} hint={hint} problems={problems} localErrors={problems.length > 0 ? [] : localErrors} compact={compact}>
      {(a11y) => (
        <TemplateInput
          a11y={a11y}
          label={model.label}
          value={draft}
          onChange={change}
          picker={model.templated}
          inputMode={model.integer ? 'numeric' : 'decimal'}
          placeholder={model.default !== undefined ? String(model.default) : model.templated ? 'A number or {{variable}}' : undefined}
        />
      )}
    </FieldShell>
  );
}
