import { AUTHORIZATION_NOTES, FUNCTION_FORMATS, platformTool, sampleArguments, type FunctionFormat } from '@switchboard/shared';
import type { FunctionList, JsonSchema, ToolDefinition } from '../../api/types';

/**
 * What an in-call function (`call.function` trigger) looks like from the voice agent's side,
 * built from the trigger's form as it is now: the tool definition the agent registers, the URL
 * it invokes, an example call, and whether the function is live. Pure, so the preview is
 * tested without a browser and is exactly what `GET /api/functions` will list once published.
 */

/** The trigger type of in-call functions. */
export const FUNCTION_TRIGGER = 'call.function';

/** The config as the engine parses it: each field as set, else its schema default. */
function withDefaults(config: Record<string, unknown>, schema: JsonSchema): Record<string, unknown> {
  const filled: Record<string, unknown> = { ...config };
  for (const [field, property] of Object.entries(schema.properties ?? {})) if (filled[field] === undefined && property.default !== undefined) filled[field] = property.default;
  return filled;
}

/**
 * The tool definition in the OpenAI function-calling format, as `GET /api/functions` lists it
 * (`tools[i]`): `{ type: 'function', function: { name, description, parameters } }`.
 *
 * @example toolDefinition({ name: 'send_otp' }, schema).function.parameters // { type: 'object', properties: {} } (the default)
 */
export function toolDefinition(config: Record<string, unknown>, configSchema: JsonSchema): ToolDefinition {
  const filled = withDefaults(config, configSchema);
  return {
    type: 'function',
    function: {
      name: typeof filled.name === 'string' ? filled.name : '',
      description: typeof filled.description === 'string' ? filled.description : '',
      parameters: filled.parameters !== null && typeof filled.parameters === 'object' && !Array.isArray(filled.parameters) ? (filled.parameters as Record<string, unknown>) : {},
    },
  };
}

/**
 * Where the agent's platform POSTs a call of the function: the engine's template
 * (`<PUBLIC_URL>/api/functions/{name}/invoke`) with the name filled in.
 *
 * @example invokeUrl('https://flows.example.com/api/functions/{name}/invoke', 'send_otp') // 'https://flows.example.com/api/functions/send_otp/invoke'
 */
export function invokeUrl(template: string, name: string): string {
  return template.replace('{name}', encodeURIComponent(name));
}

/** The formats the tool definition is shown in, with their labels, in the picker's order. */
export const TOOL_FORMATS: ReadonlyArray<{ format: FunctionFormat; label: string }> = FUNCTION_FORMATS.map((format) => ({
  format,
  label: { openai: 'OpenAI', vapi: 'Vapi', retell: 'Retell', elevenlabs: 'ElevenLabs', bland: 'Bland' }[format],
}));

/**
 * The tool definition in a platform's format, exactly as `GET /api/functions?format=` will list
 * it once published (the same builder, from `shared`), with the platform's invoke URL, and where
 * that platform sends the API key (none for OpenAI: the caller sends it).
 *
 * @example formatToolDefinition('vapi', tool, 8000, template).definition.server.url // '…/api/functions/send_otp/invoke?format=vapi'
 */
export function formatToolDefinition(format: FunctionFormat, tool: ToolDefinition, timeoutMs: unknown, template: string): { definition: Record<string, unknown>; url: string; authorization: string | null } {
  const plain = invokeUrl(template, tool.function.name);
  if (format === 'openai') return { definition: tool, url: plain, authorization: null };
  const url = `${plain}?format=${format}`;
  const definition = platformTool(format, { ...tool.function, timeoutMs: typeof timeoutMs === 'number' ? timeoutMs : 10_000, invokeUrl: url });
  return { definition, url, authorization: AUTHORIZATION_NOTES[format] };
}

/**
 * Where the agent's platform fetches every published tool (`GET /api/functions`), from the
 * invoke URL template; `agents` given: the URL of the first agent's own list.
 */
export function toolsUrl(template: string, agents?: readonly string[], format: FunctionFormat = 'openai'): string {
  const base = template.replace(/\/\{name\}\/invoke$/, '');
  const query = [...(agents && agents.length > 0 ? [`agentId=${encodeURIComponent(agents[0]!)}`] : []), ...(format === 'openai' ? [] : [`format=${format}`])];
  return query.length > 0 ? `${base}?${query.join('&')}` : base;
}

/** The body a voice platform sends to invoke the function: a sample call context and arguments that satisfy the schema. */
export function exampleInvocation(parameters: unknown): Record<string, unknown> {
  return {
    callId: 'call_7f3a9c21',
    customer: { phone: '+14155551234', name: 'Alex Morgan' },
    agent: { id: 'agent_riya', name: 'Riya' },
    metadata: { order_id: 'ORD-1042' },
    arguments: sampleArguments(parameters),
  };
}

/**
 * `text` as one shell word in single quotes (a quote inside becomes `'\''`).
 *
 * @example shellQuote("it's") // "'it'\\''s'"
 */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * A curl command that invokes the function as a voice platform would. The API key stays a
 * shell variable: a copied command never carries the session's key.
 */
export function curlCommand(url: string, body: unknown): string {
  return [
    `curl -sS -X POST ${shellQuote(url)}`,
    `  -H "Authorization: Bearer $SWITCHBOARD_API_KEY"`,
    `  -H 'Content-Type: application/json'`,
    `  -d ${shellQuote(JSON.stringify(body, null, 2))}`,
  ].join(' \\\n');
}

/** Whether the function is offered to agents, as `GET /api/functions` says, compared with the draft. */
export type FunctionStatus =
  /** This flow's published version offers this name; `changes` lists what the draft changes. */
  | { kind: 'live'; changes: string[] }
  /** This flow is live under another name; publishing renames it. */
  | { kind: 'live-as'; liveName: string }
  /** Another published flow has this name: publishing this one is refused. */
  | { kind: 'taken'; flowId: string; flowName: string }
  /** Not offered yet; `flowPublished`: the flow's live version has no function. */
  | { kind: 'not-live'; flowPublished: boolean };

/**
 * The function's status for the draft's trigger config.
 *
 * @example functionStatus(list, 'flow-1', true, draft) // { kind: 'live', changes: ['description'] }
 */
export function functionStatus(list: Pick<FunctionList, 'functions'>, flowId: string, flowPublished: boolean, draft: { tool: ToolDefinition; timeoutMs: unknown; agents: unknown }): FunctionStatus {
  const name = draft.tool.function.name;
  const other = list.functions.find((entry) => entry.name === name && entry.flowId !== flowId);
  if (other) return { kind: 'taken', flowId: other.flowId, flowName: other.flowName };
  const mine = list.functions.find((entry) => entry.flowId === flowId);
  if (!mine) return { kind: 'not-live', flowPublished };
  if (mine.name !== name) return { kind: 'live-as', liveName: mine.name };
  const changes: string[] = [];
  if (mine.description !== draft.tool.function.description) changes.push('description');
  if (stableJson(mine.parameters) !== stableJson(draft.tool.function.parameters)) changes.push('parameters');
  if (typeof draft.timeoutMs === 'number' && mine.timeoutMs !== draft.timeoutMs) changes.push('timeout');
  const agents = Array.isArray(draft.agents) && draft.agents.length > 0 ? draft.agents : null;
  if (stableJson(mine.agents) !== stableJson(agents)) changes.push('agents');
  return { kind: 'live', changes };
}

/** JSON with object keys sorted: two schemas that differ only in key order are the same schema. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner) ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : inner,
  );
}
