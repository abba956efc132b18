import type { GraphProblem } from '@switchboard/shared';
import { createContext, useContext } from 'react';
import type { FieldModel } from './schema-model';
import type { Path } from './field-paths';
import type { VariableGroup } from './variables';

/** What every field of one node's form shares. */
export interface FormContextValue {
  nodeId: string;
  /** This node's problems, as the engine validated the draft at the last save. */
  problems: readonly GraphProblem[];
  /** What the node can use in templates and conditions; computed when a picker opens. */
  variables(): VariableGroup[];
}

export const FormContext = createContext<FormContextValue | null>(null);

export function useForm(): FormContextValue {
  const context = useContext(FormContext);
  if (!context) throw new Error('A config field was rendered outside SchemaForm');
  return context;
}

/** The props every field control takes. `onChange(undefined)` removes an optional value. */
export interface FieldProps<Model extends FieldModel = FieldModel> {
  model: Model;
  path: Path;
  value: unknown;
  onChange(next: unknown): void;
  /** The object the field is a property of, for widgets that fill in sibling fields too. */
  siblings?: { value: Record<string, unknown>; patch(changes: Record<string, unknown>): void };
  /** A row of a list: the label is read by assistive technology only. */
  compact?: boolean;
}
