import { TemplateInput } from './TemplateInput';
import { CharCounter } from './TextField';

/**
 * One text of an interactive message (a button's title, a row's id): its label, the input, a
 * live count against WhatsApp's limit, and the problems of exactly this part.
 */
export function PartInput({
  id,
  label,
  value,
  max,
  errors,
  picker = true,
  placeholder,
  onChange,
}: {
  id: string;
  label: string;
  value: string;
  max?: number;
  errors: readonly string[];
  picker?: boolean;
  placeholder?: string;
  onChange(next: string): void;
}) {
  const describedBy = [max !== undefined ? `${id}-count` : null, errors.length > 0 ? `${id}-errors` : null].filter(Boolean).join(' ');
  return (
    <div className="nc-part">
      <div className="nc-part-label">
        <label htmlFor={id}>{label}</label>
        {max !== undefined ? (
          <span id={`${id}-count`}>
            <CharCounter text={value} max={max} />
          </span>
        ) : null}
      </div>
      <TemplateInput
        a11y={{ id, ...(describedBy ? { 'aria-describedby': describedBy } : {}), ...(errors.length > 0 ? { 'aria-invalid': true as const } : {}) }}
        label={label}
        value={value}
        picker={picker}
        placeholder={placeholder}
        onChange={onChange}
      />
      {errors.length > 0 ? (
        <ul id={`${id}-errors`} className="nc-field-errors">
          {errors.map((message, index) => (
            <li key={index} className="form-error">
              {message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
