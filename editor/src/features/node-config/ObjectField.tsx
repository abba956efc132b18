import { domId, problemsAt } from './field-paths';
import { FieldShell } from './FieldShell';
import { useForm, type FieldProps } from './form-context';
import { ObjectFields } from './ObjectFields';
import type { ObjectModel } from './schema-model';

/** The value an object starts with when added: its fields' defaults. */
function initial(model: ObjectModel): Record<string, unknown> {
  return Object.fromEntries(model.fields.filter((field) => field.default !== undefined).map((field) => [field.name, structuredClone(field.default)]));
}

/** A nested object: its fields in a group; an absent optional object shows "Add" instead. */
export function ObjectField({ model, path, value, onChange }: FieldProps<ObjectModel>) {
  const form = useForm();
  const id = domId(form.nodeId, path);
  const problems = problemsAt(form.problems, path);
  const object = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  if (!object && !model.required) {
    return (
      <div className="nc-field nc-optional-object">
        <button type="button" className="button button-ghost nc-add" id={id} onClick={() => onChange(initial(model))}>
          + Add {model.label.toLowerCase()}
        </button>
        {model.description ? <p className="hint">{model.description}</p> : null}
      </div>
    );
  }
  return (
    <FieldShell
      id={`${id}-group`}
      label={model.label}
      required={model.required}
      description={model.description}
      problems={problems}
      group
      actions={
        !model.required ? (
          <button type="button" className="link-button small" onClick={() => onChange(undefined)} aria-label={`Remove ${model.label.toLowerCase()}`}>
            Remove
          </button>
        ) : null
      }
    >
      {() => (
        <div className="nc-nested">
          <ObjectFields model={model} path={path} value={object ?? initial(model)} onChange={onChange} />
        </div>
      )}
    </FieldShell>
  );
}
