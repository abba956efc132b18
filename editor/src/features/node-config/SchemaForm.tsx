import type { GraphProblem } from '@switchboard/shared';
import { useMemo } from 'react';
import type { JsonSchema } from '../../api/types';
import { FormContext, type FormContextValue } from './form-context';
import { ObjectFields } from './ObjectFields';
import { configModel } from './schema-model';
import type { VariableGroup } from './variables';

interface SchemaFormProps {
  nodeId: string;
  /** The node's config JSON Schema from the catalog. */
  schema: JsonSchema;
  config: Record<string, unknown>;
  problems: readonly GraphProblem[];
  /** Called with the whole next config (a new object; untouched branches shared). */
  onChange(next: Record<string, unknown>): void;
  variables(): VariableGroup[];
}

/**
 * The one generic form of the editor: any node's config, drawn from its JSON Schema and
 * `x-widget` hints through the descriptor tree of `configModel`. No node has code here.
 */
export function SchemaForm({ nodeId, schema, config, problems, onChange, variables }: SchemaFormProps) {
  const model = useMemo(() => configModel(schema), [schema]);
  const context = useMemo<FormContextValue>(() => ({ nodeId, problems, variables }), [nodeId, problems, variables]);
  const shown = model.fields.filter((field) => !field.claimedBy);
  return (
    <FormContext.Provider value={context}>
      <div className="nc-form">
        {shown.length === 0 ? <p className="nc-empty-note">This step has nothing to set up.</p> : <ObjectFields model={model} path={[]} value={config} onChange={onChange} />}
      </div>
    </FormContext.Provider>
  );
}
