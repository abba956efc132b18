import { z } from 'zod';
import type { RetryPolicy } from '@switchboard/shared';
import type { DynamicOutputs, NodeDefinition, NodeKind } from './define';
import { staticOutputs } from './outputs';
import { defaultRetryPolicy } from './retry';

/** What `GET /api/nodes` returns per node type and version: plain JSON the editor draws forms and handles from. */
export interface NodeDescription {
  type: string;
  kind: NodeKind;
  typeVersion: number;
  title: string;
  description: string;
  category: string;
  icon: string;
  /** JSON Schema (draft 2020-12) of the config as the user writes it, templates included. */
  configSchema: Record<string, unknown>;
  /** Handles that exist whatever the config: `default` for triggers; an action's own and `error`. */
  outputs: string[];
  /** Handles read from the config, drawn before `outputs` (a branch's keys). */
  dynamicOutputs?: DynamicOutputs;
  /** Handles computed by code from the config: the editor learns them from `POST /api/flows/validate`. */
  computedOutputs?: true;
  /** Triggers: a sample of the event's data. */
  sampleEvent?: Record<string, unknown>;
  /** Actions: whether the node acts outside the run (sends, writes), so it is retried by default. */
  sideEffect?: boolean;
  /** Actions: the retry policy when the flow sets none. */
  retry?: RetryPolicy;
  /** Actions: a sample of the output, for the variable picker. */
  sampleOutput?: Record<string, unknown>;
  /** Actions: output fields named by the config (see ActionDefinition.dynamicOutputFields). */
  dynamicOutputFields?: { from: string; key?: string };
  /** Triggers: whether the sender waits for the run's answer (see TriggerDefinition.callerWaits). */
  callerWaits?: 'always' | 'when_answered';
  /** Actions: the node answers a waiting caller, so it belongs only after a trigger with `callerWaits`. */
  answersCaller?: true;
}

/** The JSON Schema of a config as the user writes it (the input side of transforms). */
export function configJsonSchema(schema: z.ZodType): Record<string, unknown> {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}

export function describeNode(definition: NodeDefinition): NodeDescription {
  const common = {
    type: definition.type,
    kind: definition.kind,
    typeVersion: definition.typeVersion,
    title: definition.title,
    description: definition.description,
    category: definition.category,
    icon: definition.icon,
    configSchema: configJsonSchema(definition.config),
    outputs: staticOutputs(definition),
  };
  if (definition.kind === 'trigger') return { ...common, sampleEvent: definition.sampleEvent, ...(definition.callerWaits ? { callerWaits: definition.callerWaits } : {}) };
  return {
    ...common,
    ...(definition.dynamicOutputs ? { dynamicOutputs: { ...definition.dynamicOutputs } } : {}),
    ...(typeof definition.outputs === 'function' ? { computedOutputs: true as const } : {}),
    sideEffect: definition.sideEffect,
    retry: defaultRetryPolicy(definition),
    ...(definition.sampleOutput ? { sampleOutput: definition.sampleOutput } : {}),
    ...(definition.dynamicOutputFields ? { dynamicOutputFields: { ...definition.dynamicOutputFields } } : {}),
    ...(definition.answersCaller ? { answersCaller: true as const } : {}),
  };
}
