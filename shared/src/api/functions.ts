import { z } from 'zod';
import { apiSchema } from './registry';

/** A tool definition in the OpenAI function-calling format, exactly as a voice agent registers it. */
export const toolDefinitionSchema = apiSchema(
  'ToolDefinition',
  z.strictObject({
    type: z.literal('function'),
    function: z.strictObject({ name: z.string(), description: z.string(), parameters: z.record(z.string(), z.unknown()) }),
  }),
);
export type ToolDefinition = z.infer<typeof toolDefinitionSchema>;

/** One published in-call function: its tool definition with what Switchboard adds. */
export const functionViewSchema = apiSchema(
  'FunctionView',
  toolDefinitionSchema
    .extend({
      name: z.string(),
      description: z.string(),
      parameters: z.record(z.string(), z.unknown()),
      /** The agent ids it is offered to; null: every agent. */
      agents: z.array(z.string()).nullable(),
      timeoutMs: z.number().int(),
      /** Where the agent's platform POSTs a call of it. */
      invokeUrl: z.string(),
      flowId: z.string(),
      flowName: z.string(),
    })
    .strict(),
);
export type FunctionView = z.infer<typeof functionViewSchema>;

/** `GET /api/functions`: `tools[i]` is the tool definition of `functions[i]`. */
export const functionListSchema = apiSchema(
  'FunctionList',
  z.strictObject({
    tools: z.array(toolDefinitionSchema),
    functions: z.array(functionViewSchema),
    /** `<PUBLIC_URL>/api/functions/{name}/invoke`: where a function is invoked, published or not yet. */
    invokeUrlTemplate: z.string(),
  }),
);
export type FunctionList = z.infer<typeof functionListSchema>;

/**
 * `POST /api/functions/:name/invoke` (and an answering inbound webhook): the flow's Respond
 * body as it wrote it (JSON or text, any shape), or `{ runId, status }` when the run ended
 * without one.
 */
export const functionAnswerSchema = apiSchema('FunctionAnswer', z.unknown());

/** `202` when the function's `timeoutMs` passed first: the run goes on. */
export const functionPendingSchema = apiSchema('FunctionPending', z.strictObject({ runId: z.string() }));
export type FunctionPending = z.infer<typeof functionPendingSchema>;
