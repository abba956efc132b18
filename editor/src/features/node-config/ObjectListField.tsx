import { domId, problemsAt } from './field-paths';
import { FieldShell } from './FieldShell';
import { useForm, type FieldProps } from './form-context';
import { ListControls, move } from './ListControls';
import { ObjectFields } from './ObjectFields';
import { displayValue, newListItem, type ObjectListModel } from './schema-model';

/** A list of objects as repeatable cards (a branch's paths): add, remove and reorder. */
export function ObjectListField({ model, path, value, onChange }: FieldProps<ObjectListModel>) {
  const form = useForm();
  const id = domId(form.nodeId, path);
  const shown = displayValue(model, value);
  const list: unknown[] = Array.isArray(shown) ? shown : [];
  const problems = problemsAt(form.problems, path);
  const itemName = model.itemLabel.toLowerCase();
  const add = () => {
    onChange([...list, newListItem(model.item, list, model.itemLabel)]);
    // The new card's first input, once drawn.
    requestAnimationFrame(() => document.getElementById(domId(form.nodeId, [...path, list.length, model.item.fields[0]?.name ?? '']))?.focus());
  };
  return (
    <FieldShell id={`${id}-group`} label={model.label} required={model.required} description={model.description} problems={problems} group>
      {() => (
        <div className="nc-cards">
          {list.length === 0 ? <p className="nc-empty-note">No {model.label.toLowerCase()} yet{model.minItems ? `: add at least ${model.minItems}` : ''}.</p> : null}
          {list.map((item, index) => {
            const object = item !== null && typeof item === 'object' && !Array.isArray(item) ? (item as Record<string, unknown>) : {};
            const summary = [object.label, object.key, object.name].find((part) => typeof part === 'string' && part !== '') as string | undefined;
            const cardProblems = problemsAt(form.problems, [...path, index]);
            return (
              <fieldset key={index} className="nc-card">
                <legend className="visually-hidden">{`${model.itemLabel} ${index + 1}`}</legend>
                <div className="nc-card-header" aria-hidden="false">
                  <span className="nc-card-title">
                    <span className="nc-index">{index + 1}</span>
                    <span aria-hidden="true">{model.itemLabel}</span>
                    {summary ? <span className="nc-card-summary">{summary}</span> : null}
                  </span>
                  <ListControls
                    itemName={`${itemName} ${index + 1}`}
                    index={index}
                    count={list.length}
                    onMove={(from, to) => onChange(move(list, from, to))}
                    onRemove={() => onChange(list.filter((_, i) => i !== index))}
                  />
                </div>
                {cardProblems.map((problem, i) => (
                  <p key={i} className="form-error">
                    {problem.message}
                  </p>
                ))}
                <ObjectFields model={model.item} path={[...path, index]} value={object} onChange={(next) => onChange(list.map((old, i) => (i === index ? next : old)))} />
              </fieldset>
            );
          })}
          <button type="button" className="button button-secondary nc-add" id={id} onClick={add}>
            + Add {itemName}
          </button>
        </div>
      )}
    </FieldShell>
  );
}
