import { problemsAt, domId } from './field-paths';
import { FieldShell } from './FieldShell';
import { useForm, type FieldProps } from './form-context';
import type { TextModel } from './schema-model';
import { TemplateInput } from './TemplateInput';
import { cronPreview } from './cron-preview';
import { placeholderHostsIn } from './placeholder-hosts';

const PHONE_HINT = 'E.164: + and the country code. A number without one is read with the workspace’s default country (DEFAULT_PHONE_COUNTRY), when set.';
const DATE_TIME_HINT = 'An ISO date and time with its time zone, e.g. 2026-11-25T09:00:00+01:00, or a variable.';

/** A text field: one line, a text area (`x-widget: textarea`) or a phone number (`x-widget: phone`). */
export function TextField({ model, path, value, onChange, compact, siblings }: FieldProps<TextModel>) {
  const form = useForm();
  const id = domId(form.nodeId, path);
  const text = typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
  const localErrors: string[] = [];
  if (model.pattern && text !== '' && !text.includes('{{') && !new RegExp(model.pattern).test(text)) {
    localErrors.push(model.pattern === '^[a-z][a-z0-9_]*$' ? 'Use snake_case: lower-case letters, digits and _, starting with a letter' : `Does not match the expected format (${model.pattern})`);
  }
  if (model.maxLength !== undefined && [...text].length > model.maxLength) localErrors.push(`At most ${model.maxLength} characters (now ${[...text].length})`);
  // The node's own message, as the run would fail with it; with variables only the sent text can be counted.
  if (model.maxChars !== undefined && !text.includes('{{') && [...text].length > model.maxChars) {
    localErrors.push(`${path.join('.')} has ${[...text].length} characters; WhatsApp allows at most ${model.maxChars}`);
  }
  const problems = problemsAt(form.problems, path, { deep: true });
  const examples = placeholderHostsIn(text);
  const fieldHint =
    model.format === 'phone' ? (
      <>
        {PHONE_HINT}
        {phoneWarning(text)}
      </>
    ) : model.format === 'date-time' ? (
      DATE_TIME_HINT
    ) : model.format === 'cron' ? (
      <CronHint cron={text} timezone={String(siblings?.value[model.timezoneField ?? 'timezone'] ?? 'UTC')} />
    ) : typeof model.default === 'string' && model.default !== '' ? (
      <>
        Default: <code>{model.default}</code>
      </>
    ) : undefined;
  const counted = model.maxChars !== undefined ? <CharCounter text={text} max={model.maxChars} /> : null;
  // A template's stand-in address (crm.example.com) validates, but never reaches anyone.
  const shownHint =
    counted && fieldHint ? (
      <>
        {counted} {fieldHint}
      </>
    ) : (
      (counted ?? fieldHint)
    );
  const hint =
    examples.length > 0 ? (
      <>
        {shownHint}
        <span className="nc-warning" data-testid="example-address">
          {' '}
          {examples.join(', ')} {examples.length === 1 ? 'is an example address' : 'are example addresses'}: put your own here before publishing.
        </span>
      </>
    ) : (
      shownHint
    );

  return (
    <FieldShell id={id} label={model.label} required={model.required} description={model.description} hint={hint} problems={problems} localErrors={problems.length > 0 ? [] : localErrors} compact={compact}>
      {(a11y) => (
        <TemplateInput
          a11y={a11y}
          label={model.label}
          value={text}
          multiline={model.multiline}
          picker={model.templated}
          inputMode={model.format === 'phone' ? 'tel' : undefined}
          placeholder={model.format === 'phone' ? '+14155551234 or {{trigger.customer.phone}}' : model.format === 'date-time' ? '2026-11-25T09:00:00+01:00' : typeof model.default === 'string' ? model.default : undefined}
          onChange={(next) => onChange(next === '' && !model.required ? undefined : next)}
        />
      )}
    </FieldShell>
  );
}

/**
 * `12 / 60` under a text with a limit, warning past it; with variables, "+ variables" since
 * their values are counted only when the message is sent.
 */
export function CharCounter({ text, max }: { text: string; max: number }) {
  const length = [...text].length;
  const over = length > max && !text.includes('{{');
  return (
    <span className={`nc-counter${over ? ' is-over' : ''}`} data-testid="char-count" aria-live="polite">
      {length} / {max}
      {text.includes('{{') ? ' + variables' : ''}
    </span>
  );
}

/** The next five firings of a schedule, in its time zone, under the cron field. */
function CronHint({ cron, timezone }: { cron: string; timezone: string }) {
  const preview = cronPreview(cron, timezone);
  if (!preview.ok) return <span className="nc-warning">{preview.message}</span>;
  return (
    <span className="nc-cron-preview">
      Next runs ({preview.timezone}):
      <ul>
        {preview.firings.map((firing) => (
          <li key={firing}>{firing}</li>
        ))}
      </ul>
    </span>
  );
}

/** A gentle warning for a typed number that will likely be refused (`INVALID_PHONE`). */
function phoneWarning(text: string) {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.includes('{{')) return null;
  if (!trimmed.startsWith('+') && !trimmed.startsWith('00')) {
    return <span className="nc-warning"> This number has no country code: it is sent only if a default country is set.</span>;
  }
  const digits = trimmed.replace(/\D/g, '');
  if (digits.length < 8 || digits.length > 15) return <span className="nc-warning"> E.164 numbers have 8 to 15 digits; this one has {digits.length}.</span>;
  return null;
}
