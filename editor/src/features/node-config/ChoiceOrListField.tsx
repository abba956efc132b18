import { domId, problemsAt } from './field-paths';
import { FieldShell } from './FieldShell';
import { newItemValue } from './field-values';
import { useForm, type FieldProps } from './form-context';
import { ListField } from './ListField';
import { displayValue, type ChoiceOrListModel } from './schema-model';

/** One fixed choice or a list (`anyOf` [const, list], e.g. all team members or some): the choice unless a list is stored; a link switches. */
export function ChoiceOrListField({ model, path, value, onChange, compact }: FieldProps<ChoiceOrListModel>) {
  const form = useForm();
  const id = domId(form.nodeId, path);
  const shown = displayValue(model, value);
  const listed = Array.isArray(shown);
  const itemsName = `${model.list.itemLabel.toLowerCase()}s`;
  return (
    <div className="nc-list-or-record">
      {listed ? (
        <ListField model={{ ...model.list, label: model.label, description: model.description, required: model.required }} path={path} value={shown} onChange={onChange} compact={compact} />
      ) : (
        <FieldShell id={id} label={model.label} required={model.required} description={model.description} problems={problemsAt(form.problems, path)} compact={compact} group>
          {() => <p className="nc-choice-value">{model.choiceLabel}</p>}
        </FieldShell>
      )}
      <button type="button" className="link-button small" onClick={() => onChange(listed ? model.choice : [newItemValue(model.list.item)])}>
        {listed ? `Use “${model.choiceLabel}” instead` : `Name the ${itemsName} instead`}
      </button>
    </div>
  );
}
