import { domId, problemsAt, type Path } from './field-paths';
import { useForm } from './form-context';
import { TemplateInput } from './TemplateInput';

/**
 * Values for `{{1}}`, `{{2}}`, … when the template is not known (no sender chosen yet, AiSensy
 * Basic campaigns, a typed name): one row per placeholder, added and removed by hand.
 */
export function ParameterList({ path, values, description, onChange }: { path: Path; values: readonly unknown[]; description?: string; onChange(next: string[]): void }) {
  const form = useForm();
  const id = domId(form.nodeId, path);
  const list = values.map((value) => (typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value)));
  const problems = problemsAt(form.problems, path);
  return (
    <fieldset className="nc-field nc-group" aria-describedby={description ? `${id}-help` : undefined}>
      <legend className="nc-legend">Parameters</legend>
      {list.length === 0 ? <p className="nc-empty-note">No placeholder values.</p> : null}
      {list.map((value, index) => {
        const rowPath = [...path, index];
        const rowId = domId(form.nodeId, rowPath);
        const rowProblems = problemsAt(form.problems, rowPath);
        const placeholder = `{{${index + 1}}}`;
        return (
          <div key={index} className="nc-mapping-row">
            <label htmlFor={rowId} className="nc-placeholder-label">
              <span className="visually-hidden">Parameter </span>
              <span className="nc-placeholder">{placeholder}</span>
            </label>
            <span className="nc-arrow" aria-hidden="true">
              →
            </span>
            <TemplateInput a11y={{ id: rowId }} label={`Parameter ${placeholder}`} value={value} placeholder="Pick a variable or type a value" onChange={(text) => onChange(list.map((old, i) => (i === index ? text : old)))} />
            <button type="button" className="icon-button nc-remove" aria-label={`Remove parameter ${placeholder}`} title="Remove" onClick={() => onChange(list.filter((_, i) => i !== index))}>
              ×
            </button>
            {rowProblems.map((problem, i) => (
              <p key={i} className="form-error nc-mapping-error">
                {problem.message}
              </p>
            ))}
          </div>
        );
      })}
      <button type="button" className="button button-ghost nc-add" id={id} onClick={() => onChange([...list, ''])}>
        + Add parameter {`{{${list.length + 1}}}`}
      </button>
      {description ? (
        <p id={`${id}-help`} className="hint nc-help">
          {description}
        </p>
      ) : null}
      {problems.map((problem, index) => (
        <p key={index} className="form-error">
          {problem.message}
        </p>
      ))}
    </fieldset>
  );
}
