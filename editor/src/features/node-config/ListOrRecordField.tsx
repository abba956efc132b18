import type { FieldProps } from './form-context';
import { ListField } from './ListField';
import { RecordField } from './RecordField';
import { displayValue, type ListOrRecordModel } from './schema-model';

/** Positional or named values (`anyOf` [list, record]): the list unless an object is stored; a link switches. */
export function ListOrRecordField({ model, path, value, onChange, compact }: FieldProps<ListOrRecordModel>) {
  const shown = displayValue(model, value);
  const named = shown !== null && typeof shown === 'object' && !Array.isArray(shown);
  const toggle = () => {
    if (named) onChange(Object.values(shown as Record<string, unknown>));
    else onChange(Object.fromEntries((Array.isArray(shown) ? shown : []).map((item, index) => [String(index + 1), item])));
  };
  return (
    <div className="nc-list-or-record">
      {named ? (
        <RecordField model={{ ...model.record, label: model.label, description: model.description, required: model.required }} path={path} value={shown} onChange={onChange} compact={compact} />
      ) : (
        <ListField model={{ ...model.list, label: model.label, description: model.description, required: model.required }} path={path} value={shown} onChange={onChange} compact={compact} />
      )}
      <button type="button" className="link-button small" onClick={toggle}>
        {named ? 'Use a numbered list instead' : 'Use named values instead'}
      </button>
    </div>
  );
}
