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

// Request bodies: what the engine validates and /api/docs documents inline.

const text = (field: string, max: number) => z.string({ error: `${field} must be text` }).max(max, `${field} must be at most ${max} characters`);

/** `POST /api/functions/:name/invoke`: the call the agent is on, and the function's arguments. */
export const invokeSchema = z.object({
  callId: z.string({ error: 'callId is required: the id of the call the agent is on' }).trim().min(1, 'callId must not be empty').max(200, 'callId must be at most 200 characters'),
  customer: z
    .looseObject({ phone: text('customer.phone', 50).optional(), name: text('customer.name', 200).optional(), email: text('customer.email', 320).optional() }, { error: 'customer must be an object, e.g. { "phone": "+14155551234", "name": "Alex" }' })
    .default({}),
  agent: z.looseObject({ id: text('agent.id', 200).optional(), name: text('agent.name', 200).optional() }, { error: 'agent must be an object, e.g. { "id": "agent_riya", "name": "Riya" }' }).default({}),
  metadata: z.record(z.string(), z.unknown(), { error: 'metadata must be an object' }).default({}),
  arguments: z.record(z.string(), z.unknown(), { error: "arguments must be an object of the function's parameters" }).default({}),
});

export type InvokeBody = z.output<typeof invokeSchema>;

/** The voice platforms whose tool definitions and tool requests Switchboard speaks, besides the OpenAI format. */
export const VOICE_TOOL_PLATFORMS = ['vapi', 'retell', 'elevenlabs', 'bland'] as const;
export type VoiceToolPlatform = (typeof VOICE_TOOL_PLATFORMS)[number];
export const FUNCTION_FORMATS = ['openai', ...VOICE_TOOL_PLATFORMS] as const;
export type FunctionFormat = (typeof FUNCTION_FORMATS)[number];

const formatError = (allowed: readonly string[]) => `format must be one of ${allowed.join(', ')}`;

/**
 * `GET /api/functions?agentId=&format=`: only the functions offered to that agent (those naming no
 * agents are offered to every agent), as the tool definitions of that platform (default openai).
 */
export const listFunctionsQuery = z.object({
  agentId: z.string({ error: 'agentId must be text' }).trim().min(1, 'agentId must not be empty').max(200, 'agentId must be at most 200 characters').optional(),
  format: z.enum(FUNCTION_FORMATS, { error: formatError(FUNCTION_FORMATS) }).default('openai'),
});

/** `POST /api/functions/:name/invoke?format=`: the body is that platform's own tool request (none: Switchboard's invoke body). */
export const invokeQuery = z.object({
  format: z.enum(VOICE_TOOL_PLATFORMS, { error: formatError(VOICE_TOOL_PLATFORMS) }).optional(),
});

/**
 * `GET /api/functions?format=vapi|retell|elevenlabs|bland`: `tools[i]` is the platform's own tool
 * definition of `functions[i]`, its server URL the invoke URL for that platform; `authorization`
 * says where the platform sends the API key.
 */
export const platformFunctionListSchema = apiSchema(
  'PlatformFunctionList',
  z.strictObject({
    format: z.enum(VOICE_TOOL_PLATFORMS),
    tools: z.array(z.record(z.string(), z.unknown())),
    functions: z.array(functionViewSchema),
    invokeUrlTemplate: z.string(),
    /** How the platform authenticates its calls: the header it sends, and where to set the key. */
    authorization: z.string(),
  }),
);
export type PlatformFunctionList = z.infer<typeof platformFunctionListSchema>;

/** `GET /api/functions`: a FunctionList for format=openai (the default), a PlatformFunctionList for a voice platform. */
export const functionListAnswerSchema = apiSchema('FunctionListAnswer', z.union([functionListSchema, platformFunctionListSchema]));
