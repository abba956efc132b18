import type { VoiceToolPlatform } from '../api/functions';

/**
 * Tool definitions in each voice platform's own format, built from a published function, so a
 * team pastes them into the platform (or POSTs them to its tool API) as they are. Each shape is
 * the one ../shared/reference/voice-platforms.md documents with its source: Vapi §1.3, Retell
 * §2.3, ElevenLabs §5.3, Bland §3.3. Pure and in `shared`: the engine lists them
 * (`GET /api/functions?format=`) and the editor previews the draft's with the same code.
 *
 * @example platformTool('vapi', { name: 'book_slot', description, parameters, timeoutMs: 8000, invokeUrl }).server.url
 */

/** What a tool definition is built from. */
export interface ToolSource {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
  timeoutMs: number;
  /** `<PUBLIC_URL>/api/functions/<name>/invoke?format=<platform>`. */
  invokeUrl: string;
}

/**
 * The platforms cannot be handed our API key (the list never shows it); the definitions carry
 * this placeholder in the Authorization header the platform sends, to be replaced with a key.
 */
export const API_KEY_PLACEHOLDER = 'Bearer <your Switchboard API key>';

/** How long each platform waits for a tool's answer, and how much earlier we answer. */
export const PLATFORM_LIMITS: Record<VoiceToolPlatform, { waitMs: (timeoutMs: number) => number }> = {
  // Vapi: `server.timeoutSeconds`, default 20 s [V2 Server]; the definition leaves it at 20.
  vapi: { waitMs: (timeoutMs) => Math.min(timeoutMs, 20_000 - MARGIN_MS) },
  // Retell: `timeout_ms` 1 000–600 000, default 120 000 [R7]; the definition sets timeoutMs + margin.
  retell: { waitMs: (timeoutMs) => Math.min(timeoutMs, 600_000 - MARGIN_MS) },
  // ElevenLabs: `response_timeout_secs` 5–120 [E7]; the definition sets it from timeoutMs.
  elevenlabs: { waitMs: (timeoutMs) => Math.min(timeoutMs, elevenLabsTimeoutSecs(timeoutMs) * 1000 - MARGIN_MS) },
  // Bland: `timeout`'s unit and default are not documented [B5] (§9), so it is left unset and the
  // function's own timeoutMs is the wait.
  bland: { waitMs: (timeoutMs) => timeoutMs },
};

/** Time kept between our answer and the platform's limit: the network and the platform's own overhead. */
const MARGIN_MS = 2_000;

/** `response_timeout_secs` for a function: its timeout plus the margin, within ElevenLabs' 5–120 s. */
function elevenLabsTimeoutSecs(timeoutMs: number): number {
  return Math.min(120, Math.max(5, Math.ceil((timeoutMs + MARGIN_MS) / 1000)));
}

/** Where each platform's tool definition takes the Authorization header (said in the list's `authorization`). */
export const AUTHORIZATION_NOTES: Record<VoiceToolPlatform, string> = {
  vapi: 'Vapi sends server.headers with each tool call: replace the placeholder in server.headers.Authorization with a Switchboard API key, or remove the header and attach a Bearer Token credential (header Authorization, Bearer prefix) as server.credentialId. A literal Authorization header overrides the credential.',
  retell: 'Retell sends the custom function\'s headers: replace the placeholder in headers.Authorization with a Switchboard API key.',
  elevenlabs: 'ElevenLabs sends api_schema.request_headers: replace the placeholder in request_headers.Authorization with a Switchboard API key, or store the key as a workspace secret and reference it as the header\'s secret.',
  bland: 'Bland sends the custom tool\'s headers: replace the placeholder in headers.Authorization with a Switchboard API key.',
};

/** The function's tool definition in the platform's format. */
export function platformTool(platform: VoiceToolPlatform, source: ToolSource): Record<string, unknown> {
  switch (platform) {
    case 'vapi':
      return vapiTool(source);
    case 'retell':
      return retellTool(source);
    case 'elevenlabs':
      return elevenLabsTool(source);
    case 'bland':
      return blandTool(source);
  }
}

/** Vapi `function` tool [V4][V2 OpenAIFunction, Server]: the assistant waits for the answer (`async: false`). */
function vapiTool(source: ToolSource): Record<string, unknown> {
  return {
    type: 'function',
    async: false,
    function: { name: source.name, description: source.description, parameters: source.parameters },
    server: { url: source.invokeUrl, timeoutSeconds: 20, headers: { Authorization: API_KEY_PLACEHOLDER } },
  };
}

/** Retell custom function [R7]: the body is `{ name, call, args }` (args_at_root false), so we see the call. */
function retellTool(source: ToolSource): Record<string, unknown> {
  return {
    type: 'custom',
    name: source.name,
    description: source.description,
    url: source.invokeUrl,
    method: 'POST',
    headers: { Authorization: API_KEY_PLACEHOLDER },
    parameters: { type: 'object', ...source.parameters },
    args_at_root: false,
    speak_during_execution: false,
    speak_after_execution: true,
    timeout_ms: Math.min(600_000, Math.max(1_000, source.timeoutMs + MARGIN_MS)),
  };
}

/** Fields ElevenLabs fills from its system variables [E8], beside the LLM's arguments in the body. */
export const ELEVENLABS_CONTEXT = { call_id: 'system__conversation_id', caller_id: 'system__caller_id', agent_id: 'system__agent_id' } as const;

/**
 * ElevenLabs webhook tool [E7][E8]: the LLM fills the function's parameters (each needs a
 * `description`, so one is made from the name where the schema has none), and the call's ids
 * come from system variables under the reserved names of `ELEVENLABS_CONTEXT`.
 */
function elevenLabsTool(source: ToolSource): Record<string, unknown> {
  const properties = propertiesOf(source.parameters);
  const described = Object.fromEntries(
    Object.entries(properties).map(([key, schema]) => [key, typeof schema.description === 'string' && schema.description !== '' ? schema : { ...schema, description: key.replace(/_/g, ' ') }]),
  );
  for (const [key, variable] of Object.entries(ELEVENLABS_CONTEXT)) {
    if (!(key in described)) described[key] = { type: 'string', dynamic_variable: variable };
  }
  return {
    type: 'webhook',
    name: source.name,
    description: source.description,
    response_timeout_secs: elevenLabsTimeoutSecs(source.timeoutMs),
    api_schema: {
      url: source.invokeUrl,
      method: 'POST',
      content_type: 'application/json',
      request_headers: { Authorization: API_KEY_PLACEHOLDER },
      request_body_schema: {
        type: 'object',
        description: `The arguments of ${source.name}`,
        properties: described,
        ...(Array.isArray(source.parameters.required) ? { required: source.parameters.required } : {}),
      },
    },
  };
}

/**
 * Bland custom tool [B5]: the body sends each argument with `{{input.<name>}}` and the call's id
 * as `{{call_id}}`; the whole answer is mapped into the call variable `<name>_result`.
 */
function blandTool(source: ToolSource): Record<string, unknown> {
  const properties = propertiesOf(source.parameters);
  return {
    name: source.name,
    description: source.description,
    url: source.invokeUrl,
    method: 'POST',
    headers: { Authorization: API_KEY_PLACEHOLDER, 'Content-Type': 'application/json' },
    body: { ...Object.fromEntries(Object.keys(properties).map((key) => [key, `{{input.${key}}}`])), call_id: '{{call_id}}' },
    input_schema: { example: Object.fromEntries(Object.entries(properties).map(([key, schema]) => [key, exampleOf(schema)])), ...source.parameters, type: 'object' },
    response: { [`${source.name}_result`]: '$' },
  };
}

function propertiesOf(parameters: Record<string, unknown>): Record<string, Record<string, unknown>> {
  const properties = parameters.properties;
  return properties && typeof properties === 'object' && !Array.isArray(properties) ? (properties as Record<string, Record<string, unknown>>) : {};
}

/** An example value for Bland's `input_schema.example`: the schema's own example, else one of its type. */
function exampleOf(schema: Record<string, unknown>): unknown {
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  switch (schema.type) {
    case 'number':
    case 'integer':
      return 1;
    case 'boolean':
      return true;
    case 'array':
      return [];
    case 'object':
      return {};
    default:
      return 'text';
  }
}
