import { useState } from 'react';
import { domId, problemsAt } from './field-paths';
import { FieldShell } from './FieldShell';
import { useForm, type FieldProps } from './form-context';
import { displayValue, type EnumModel } from './schema-model';
import { TemplateInput } from './TemplateInput';

/**
 * A choice: a segmented control for a few options, a select for more. When the schema accepts a
 * `{{ }}` expression too, "Use a variable" switches to a text input with the picker.
 */
export function EnumField({ model, path, value, onChange, compact }: FieldProps<EnumModel>) {
  const form = useForm();
  const id = domId(form.nodeId, path);
  const current = displayValue(model, value);
  const isExpression = typeof current === 'string' && current !== '' && !model.options.some((option) => option.value === current);
  const [expressionMode, setExpressionMode] = useState(isExpression && model.templated);
  const expression = model.templated && (expressionMode || isExpression);
  const problems = problemsAt(form.problems, path);
  const clearable = !model.required && model.default === undefined && value !== undefined;

  const actions = (
    <span className="nc-inline-actions">
      {model.templated ? (
        <button
          type="button"
          className="link-button small"
          onClick={() => {
            if (expression) {
              setExpressionMode(false);
              if (isExpression) onChange(undefined);
            } else setExpressionMode(true);
          }}
        >
          {expression ? 'Choose from the list' : 'Use a variable'}
        </button>
      ) : null}
      {clearable && !expression ? (
        <button type="button" className="link-button small" onClick={() => onChange(undefined)} aria-label={`Clear ${model.label}`}>
          Clear
        </button>
      ) : null}
    </span>
  );

  if (expression) {
    return (
      <FieldShell id={id} label={model.label} required={model.required} description={model.description} problems={problems} actions={actions} compact={compact}>
        {(a11y) => (
          <TemplateInput
            a11y={a11y}
            label={model.label}
            value={typeof current === 'string' ? current : ''}
            placeholder={`{{variable}} giving ${model.options.map((option) => option.value).join(', ')}`}
            onChange={(text) => onChange(text === '' ? undefined : text)}
          />
        )}
      </FieldShell>
    );
  }

  if (model.display === 'segmented') {
    return (
      <FieldShell id={id} label={model.label} required={model.required} description={model.description} problems={problems} actions={actions} compact={compact} group groupRole="radiogroup">
        {() => (
          <div className="nc-segmented">
            {model.options.map((option, index) => {
              const optionId = `${id}-${index}`;
              return (
                <span key={option.value} className="nc-segment">
                  <input
                    id={index === 0 ? id : optionId}
                    type="radio"
                    name={id}
                    value={option.value}
                    checked={current === option.value}
                    onChange={() => onChange(option.value)}
                  />
                  <label htmlFor={index === 0 ? id : optionId}>{option.label}</label>
                </span>
              );
            })}
          </div>
        )}
      </FieldShell>
    );
  }

  return (
    <FieldShell id={id} label={model.label} required={model.required} description={model.description} problems={problems} actions={actions} compact={compact}>
      {(a11y) => (
        <select {...a11y} value={typeof current === 'string' ? current : ''} onChange={(event) => onChange(event.target.value === '' ? undefined : event.target.value)}>
          {current === undefined || !model.required ? <option value="">{model.required ? 'Choose…' : 'Not set'}</option> : null}
          {model.options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </FieldShell>
  );
}
