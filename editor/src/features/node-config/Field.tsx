import { BooleanField } from './BooleanField';
import { ChoiceOrListField } from './ChoiceOrListField';
import { ConditionField } from './ConditionField';
import { ConnectionField } from './ConnectionField';
import { EnumField } from './EnumField';
import type { FieldProps } from './form-context';
import { InteractiveField } from './InteractiveField';
import { JsonField } from './JsonField';
import { ListField } from './ListField';
import { ListOrRecordField } from './ListOrRecordField';
import { NumberField } from './NumberField';
import { ObjectField } from './ObjectField';
import { ObjectListField } from './ObjectListField';
import { ParametersField } from './ParametersField';
import { RecordField } from './RecordField';
import { SecretField } from './SecretField';
import { TemplatePickerField } from './TemplatePickerField';
import { TextField } from './TextField';

/** One field of the generic form, drawn by the control for its kind of descriptor. */
export function Field(props: FieldProps) {
  const { model } = props;
  switch (model.kind) {
    case 'text':
      return <TextField {...props} model={model} />;
    case 'number':
      return <NumberField {...props} model={model} />;
    case 'boolean':
      return <BooleanField {...props} model={model} />;
    case 'enum':
      return <EnumField {...props} model={model} />;
    case 'condition':
      return <ConditionField {...props} model={model} />;
    case 'connection':
      return <ConnectionField {...props} model={model} />;
    case 'whatsapp-template':
      return <TemplatePickerField {...props} model={model} />;
    case 'whatsapp-interactive':
      return <InteractiveField {...props} model={model} />;
    case 'list':
      return <ListField {...props} model={model} />;
    case 'object-list':
      return <ObjectListField {...props} model={model} />;
    case 'record':
      return <RecordField {...props} model={model} />;
    case 'list-or-record':
      return <ListOrRecordField {...props} model={model} />;
    case 'choice-or-list':
      return <ChoiceOrListField {...props} model={model} />;
    case 'object':
      return <ObjectField {...props} model={model} />;
    case 'json-schema':
      return <ParametersField {...props} model={model} />;
    case 'secret':
      return <SecretField {...props} model={model} />;
    case 'json':
      return <JsonField {...props} model={model} />;
  }
}
