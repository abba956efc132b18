import { domId, problemsAt } from './field-paths';
import { useForm, type FieldProps } from './form-context';
import { displayValue, type BooleanModel } from './schema-model';

/** A yes/no setting as a switch (a checkbox with the switch role). */
export function BooleanField({ model, path, value, onChange }: FieldProps<BooleanModel>) {
  const form = useForm();
  const id = domId(form.nodeId, path);
  const checked = displayValue(model, value) === true;
  const problems = problemsAt(form.problems, path);
  const describedBy = [model.description ? `${id}-help` : null, problems.length > 0 ? `${id}-errors` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="nc-field nc-switch-field">
      <div className="nc-switch-row">
        <label htmlFor={id}>{model.label}</label>
        <input id={id} className="nc-switch" type="checkbox" role="switch" checked={checked} aria-describedby={describedBy} onChange={(event) => onChange(event.target.checked)} />
      </div>
      {model.description ? (
        <p id={`${id}-help`} className="hint nc-help">
          {model.description}
        </p>
      ) : null}
      {problems.length > 0 ? (
        <ul id={`${id}-errors`} className="nc-field-errors">
          {problems.map((problem, index) => (
            <li key={index} className="form-error">
              {problem.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
