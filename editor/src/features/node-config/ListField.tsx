import { domId, problemsAt } from './field-paths';
import { Field } from './Field';
import { FieldShell } from './FieldShell';
import { useForm, type FieldProps } from './form-context';
import { ListControls, move } from './ListControls';
import { newItemValue } from './field-values';
import { displayValue, type ListModel } from './schema-model';

/** A list of plain values (texts, numbers, choices): add, remove and reorder. */
export function ListField({ model, path, value, onChange, compact }: FieldProps<ListModel>) {
  const form = useForm();
  const id = domId(form.nodeId, path);
  const shown = displayValue(model, value);
  const list: unknown[] = Array.isArray(shown) ? shown : [];
  const problems = problemsAt(form.problems, path);
  const itemName = model.itemLabel.toLowerCase();
  return (
    <FieldShell id={`${id}-group`} label={model.label} required={model.required} description={model.description} problems={problems} compact={compact} group>
      {() => (
        <div className="nc-list">
          {list.length === 0 ? <p className="nc-empty-note">No {model.label.toLowerCase()} yet.</p> : null}
          {list.map((item, index) => (
            <div key={index} className="nc-list-row">
              <span className="nc-index" aria-hidden="true">
                {index + 1}
              </span>
              <Field
                model={{ ...model.item, label: `${model.itemLabel} ${index + 1}`, required: true }}
                path={[...path, index]}
                value={item}
                compact
                onChange={(next) => onChange(list.map((old, i) => (i === index ? (next ?? '') : old)))}
              />
              <ListControls
                itemName={`${itemName} ${index + 1}`}
                index={index}
                count={list.length}
                onMove={(from, to) => onChange(move(list, from, to))}
                onRemove={() => onChange(list.filter((_, i) => i !== index))}
              />
            </div>
          ))}
          <button type="button" className="button button-ghost nc-add" id={id} onClick={() => onChange([...list, newItemValue(model.item)])}>
            + Add {itemName}
          </button>
        </div>
      )}
    </FieldShell>
  );
}
