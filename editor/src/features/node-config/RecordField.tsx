import { domId, problemsAt } from './field-paths';
import { Field } from './Field';
import { FieldShell } from './FieldShell';
import { KeyInput } from './KeyInput';
import { useForm, type FieldProps } from './form-context';
import { newItemValue } from './field-values';
import { displayValue, newRecordKey, type RecordModel } from './schema-model';

/** Named values (`flow.set`'s values, headers): one row per name → value, added and removed by hand. */
export function RecordField({ model, path, value, onChange, compact }: FieldProps<RecordModel>) {
  const form = useForm();
  const id = domId(form.nodeId, path);
  const shown = displayValue(model, value);
  const record: Record<string, unknown> = shown !== null && typeof shown === 'object' && !Array.isArray(shown) ? (shown as Record<string, unknown>) : {};
  const entries = Object.entries(record);
  const problems = problemsAt(form.problems, path);
  const itemName = model.itemLabel.toLowerCase();

  const rename = (from: string, to: string) => onChange(Object.fromEntries(entries.map(([key, item]) => (key === from ? [to, item] : [key, item]))));
  const add = () => {
    const key = newRecordKey(record, itemName.replace(/[^a-z0-9]+/g, '_') || 'value');
    onChange({ ...record, [key]: newItemValue(model.value) });
    requestAnimationFrame(() => (document.getElementById(domId(form.nodeId, [...path, key], 'key')) as HTMLInputElement | null)?.select());
  };

  return (
    <FieldShell id={`${id}-group`} label={model.label} required={model.required} description={model.description} hint={model.keyDescription} problems={problems} compact={compact} group>
      {() => (
        <div className="nc-record">
          {entries.length === 0 ? <p className="nc-empty-note">No {model.label.toLowerCase()} yet.</p> : null}
          {entries.length > 0 ? (
            <div className="nc-record-head" aria-hidden="true">
              <span>Name</span>
              <span>Value</span>
            </div>
          ) : null}
          {entries.map(([key, item], index) => (
            <div key={index} className="nc-record-row">
              <KeyInput
                id={domId(form.nodeId, [...path, key], 'key')}
                label={`${model.itemLabel} ${index + 1} name`}
                name={key}
                pattern={model.keyPattern}
                taken={entries.filter((_, i) => i !== index).map(([other]) => other)}
                onRename={(next) => rename(key, next)}
              />
              <Field model={{ ...model.value, label: `${model.itemLabel} ${index + 1}`, required: true }} path={[...path, key]} value={item} compact onChange={(next) => onChange({ ...record, [key]: next ?? '' })} />
              <button
                type="button"
                className="icon-button nc-remove"
                aria-label={`Remove ${itemName} ${key || index + 1}`}
                title="Remove"
                onClick={() => onChange(Object.fromEntries(entries.filter(([other]) => other !== key)))}
              >
                ×
              </button>
            </div>
          ))}
          <button type="button" className="button button-ghost nc-add" id={id} onClick={add}>
            + Add {itemName}
          </button>
        </div>
      )}
    </FieldShell>
  );
}
