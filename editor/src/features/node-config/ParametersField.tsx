import type { GraphProblem } from '@switchboard/shared';
import { useLayoutEffect, useRef, useState } from 'react';
import { ArgumentCard } from './ArgumentCard';
import { configPathOf, domId, problemField, problemsAt } from './field-paths';
import { FieldShell } from './FieldShell';
import { useForm, type FieldProps } from './form-context';
import { EMPTY_PARAMETERS, addArgument, isObject, parametersForm, removeArgument, setClosed, type JsonObject } from './json-schema-form';
import type { JsonSchemaModel } from './schema-model';
import { SchemaJsonEditor } from './SchemaJsonEditor';

/**
 * An in-call function's arguments (`x-widget: json-schema`): a card per argument (name, type,
 * description for the agent, required), or the raw JSON Schema for what the form does not draw.
 * Both edit the same schema, so switching keeps everything; the engine's problems show on the
 * argument they name, the rest above the list.
 */
export function ParametersField({ model, path, value, onChange }: FieldProps<JsonSchemaModel>) {
  const form = useForm();
  const id = domId(form.nodeId, path);
  const schema: JsonObject = isObject(value) ? value : isObject(model.default) ? model.default : EMPTY_PARAMETERS;
  const view = parametersForm(schema);
  const [chosen, setChosen] = useState<'form' | 'json'>(view.drawable ? 'form' : 'json');
  const mode = view.drawable ? chosen : 'json';

  const all = problemsAt(form.problems, path, { deep: true });
  const names = new Set(view.rows.map((row) => row.name));
  const argumentOf = (problem: GraphProblem): string | null => {
    const at = configPathOf(problem.field);
    const name = at && at[path.length] === 'properties' ? at[path.length + 1] : undefined;
    return typeof name === 'string' && names.has(name) ? name : null;
  };
  // In the form, a problem of one argument shows on its card; in JSON, all of them under the editor, with where.
  const shown = mode === 'form' ? all.filter((problem) => argumentOf(problem) === null) : all;
  const where = (problem: GraphProblem) => {
    const rest = problem.field.slice(problemField(path).length).replace(/^\./, '');
    return mode === 'json' && rest ? `${rest}: ` : '';
  };

  const edit = (change: (current: JsonObject) => JsonObject) => onChange(change(schema));
  // The new card's name, selected once drawn (in the same task as the click): typing replaces argument_n.
  const selectNext = useRef<string | null>(null);
  useLayoutEffect(() => {
    if (selectNext.current === null) return;
    (document.getElementById(domId(form.nodeId, [...path, 'properties', selectNext.current])) as HTMLInputElement | null)?.select();
    selectNext.current = null;
  });
  const add = () => {
    const added = addArgument(schema);
    selectNext.current = added.name;
    onChange(added.schema);
  };

  const toggle = (
    <span className="nc-mode" role="group" aria-label="Edit the parameters as">
      <button type="button" aria-pressed={mode === 'form'} disabled={!view.drawable} title={view.drawable ? undefined : view.reason} onClick={() => setChosen('form')}>
        Form
      </button>
      <button type="button" aria-pressed={mode === 'json'} onClick={() => setChosen('json')}>
        JSON
      </button>
    </span>
  );

  return (
    <FieldShell id={`${id}-group`} label={model.label} required={model.required} description={model.description} problems={[]} group actions={toggle}>
      {() => (
        <div className="nc-parameters" data-testid="function-parameters" data-mode={mode}>
          {shown.length > 0 ? (
            <ul className="nc-field-errors" id={`${id}-errors`}>
              {shown.map((problem, index) => (
                <li key={index} className="form-error">
                  {where(problem)}
                  {problem.message}
                </li>
              ))}
            </ul>
          ) : null}
          {mode === 'json' ? (
            <>
              {!view.drawable ? <p className="nc-warning nc-arg-note">{view.reason} Fix it here, or the form cannot show the arguments.</p> : null}
              <SchemaJsonEditor id={id} label={`${model.label} (JSON Schema)`} value={schema} rows={10} invalid={all.length > 0} describedBy={all.length > 0 ? `${id}-errors` : undefined} onChange={onChange} />
              <p className="hint">
                A JSON Schema object, as in OpenAI function calling: <code>{'{ "type": "object", "properties": { "amount": { "type": "number" } }, "required": ["amount"] }'}</code>
              </p>
            </>
          ) : (
            <>
              {view.rows.length === 0 ? <p className="nc-empty-note">No arguments: the agent calls the function with nothing. Add what the flow needs from the call, such as an amount or a code.</p> : null}
              {view.rows.map((row, index) => (
                <ArgumentCard
                  key={index}
                  nodeId={form.nodeId}
                  path={path}
                  index={index}
                  row={row}
                  schema={schema}
                  problems={all.filter((problem) => argumentOf(problem) === row.name)}
                  edit={edit}
                  onRemove={() => onChange(removeArgument(schema, row.name))}
                />
              ))}
              <button type="button" className="button button-secondary nc-add" onClick={add}>
                + Add argument
              </button>
              <div className="nc-arg-closed">
                <div className="nc-switch-row">
                  <label htmlFor={domId(form.nodeId, [...path, 'additionalProperties'])}>Refuse other arguments</label>
                  <input
                    id={domId(form.nodeId, [...path, 'additionalProperties'])}
                    className="nc-switch"
                    type="checkbox"
                    role="switch"
                    aria-describedby={`${id}-closed-help`}
                    checked={view.closed}
                    onChange={(event) => onChange(setClosed(schema, event.target.checked))}
                  />
                </div>
                <p id={`${id}-closed-help`} className="hint nc-arg-closed-help">
                  A call with an argument not listed here is answered 400 (<code>additionalProperties: false</code>).
                </p>
              </div>
            </>
          )}
        </div>
      )}
    </FieldShell>
  );
}
