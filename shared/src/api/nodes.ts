import { z } from 'zod';
import { apiSchema } from './registry';

/** `GET /api/nodes`: one node type and version of the catalog. */
export const nodeDescriptionSchema = apiSchema(
  'NodeDescription',
  z.strictObject({
    type: z.string(),
    kind: z.enum(['trigger', 'action']),
    typeVersion: z.number().int(),
    title: z.string(),
    description: z.string(),
    category: z.string(),
    icon: z.string(),
    /** JSON Schema of the config; fields may carry `x-widget` hints. */
    configSchema: z.record(z.string(), z.unknown()),
    /** Handles that exist whatever the config (`default`, `error`, `else`…). */
    outputs: z.array(z.string()),
    /** Handles named by the config, drawn before `outputs`: the keys of `config[from][*][key]`. */
    dynamicOutputs: z.strictObject({ from: z.string(), key: z.string().optional() }).optional(),
    /** Handles computed by code from the config: the editor learns them from `POST /api/flows/validate`. */
    computedOutputs: z.literal(true).optional(),
    /** Triggers: a sample of the event's data. */
    sampleEvent: z.record(z.string(), z.unknown()).optional(),
    /** Actions: whether the node acts outside the run, so it is retried by default. */
    sideEffect: z.boolean().optional(),
    /** Actions: the retry policy when the flow sets none. */
    retry: z.strictObject({ attempts: z.number().int(), backoffMs: z.number().int() }).optional(),
    /** Actions: a sample of the output, for the variable picker. */
    sampleOutput: z.record(z.string(), z.unknown()).optional(),
    /** Actions: output fields named by the config. */
    dynamicOutputFields: z.strictObject({ from: z.string(), key: z.string().optional() }).optional(),
    /** Triggers: the sender waits for the run's answer. */
    callerWaits: z.enum(['always', 'when_answered']).optional(),
    /** Actions: the node answers a waiting caller (`flow.respond`). */
    answersCaller: z.literal(true).optional(),
  }),
);
export type NodeDescriptionView = z.infer<typeof nodeDescriptionSchema>;

export const nodeListSchema = apiSchema('NodeList', z.strictObject({ nodes: z.array(nodeDescriptionSchema) }));
export type NodeList = z.infer<typeof nodeListSchema>;
