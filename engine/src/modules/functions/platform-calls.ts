import { randomUUID } from 'node:crypto';
import type { InvokeBody, VoiceToolPlatform } from '@switchboard/shared';
import { invokeSchema } from '@switchboard/shared';
import { ApiError, type FieldProblem } from '../../common/api-error';
import { parseInput } from '../../common/validation';
import { ELEVENLABS_CONTEXT } from '@switchboard/shared';

/**
 * A voice platform's tool request read as our invocations: the platform's call, customer and
 * agent mapped the way the post-call mapping does (../shared/reference/voice-platforms.md §8),
 * so a function flow sees the same `callId`, `customer`, `agent`, `metadata` and `arguments`
 * whichever platform called it. Pure; bad bodies throw `INVALID_INPUT` naming the field.
 */

/** One function call read from a platform's request: Vapi may send several in one message. */
export interface PlatformInvocation {
  /** Vapi's `toolCallList[i].id`, which its answer must repeat. */
  toolCallId?: string;
  name: string;
  body: InvokeBody;
  /** Where a problem with this call's arguments is named (`message.toolCallList[1].function.arguments`). */
  argumentsField: string;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const textOf = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : typeof value === 'number' ? String(value) : undefined);
/** A template a platform left unfilled (`{{call_id}}`) is no value. */
const filled = (value: string | undefined): string | undefined => (value === undefined || /^\{\{.*\}\}$/.test(value.trim()) ? undefined : value);

export function readPlatformCall(platform: VoiceToolPlatform, name: string, body: unknown): PlatformInvocation[] {
  if (!isObject(body)) throw ApiError.invalid([{ field: '(body)', message: `must be a JSON object: the ${platform} tool request` }]);
  switch (platform) {
    case 'vapi':
      return readVapi(body);
    case 'retell':
      return [readRetell(name, body)];
    case 'elevenlabs':
      return [readFlat(name, body, ELEVENLABS_CONTEXT)];
    case 'bland':
      return [readFlat(name, body, { call_id: 'call_id' })];
  }
}

/**
 * Vapi's `tool-calls` server message [V1][V2 ServerMessageToolCalls]: each tool call names its
 * function; `function.arguments` is typed a JSON string [V2 ToolCallFunction] while the docs'
 * examples send an object or `parameters` [V1][V4], so all are read.
 */
function readVapi(body: Json): PlatformInvocation[] {
  const message = body.message;
  if (!isObject(message)) throw ApiError.invalid([{ field: 'message', message: 'is required: the Vapi server message ({ message: { type: "tool-calls", toolCallList } })' }]);
  if (message.type !== 'tool-calls') throw ApiError.invalid([{ field: 'message.type', message: `must be "tool-calls" (got ${JSON.stringify(message.type ?? null)}); point only tools' server URL here` }]);
  const fromList = Array.isArray(message.toolCallList) ? { list: message.toolCallList, field: 'message.toolCallList' } : undefined;
  const fromTools = Array.isArray(message.toolWithToolCallList)
    ? { list: message.toolWithToolCallList.map((entry: unknown) => (isObject(entry) && isObject(entry.toolCall) ? { ...entry.toolCall, function: entry.toolCall.function ?? entry.function } : entry)), field: 'message.toolWithToolCallList' }
    : undefined;
  const source = fromList && fromList.list.length > 0 ? fromList : (fromTools ?? fromList);
  if (!source || source.list.length === 0) throw ApiError.invalid([{ field: 'message.toolCallList', message: 'must list at least one tool call' }]);
  if (source.list.length > 20) throw ApiError.invalid([{ field: source.field, message: 'must list at most 20 tool calls' }]);

  const call = isObject(message.call) ? message.call : {};
  const customer = isObject(message.customer) ? message.customer : isObject(call.customer) ? call.customer : {};
  const assistant = isObject(message.assistant) ? message.assistant : {};
  const overrides = isObject(call.assistantOverrides) && isObject(call.assistantOverrides.variableValues) ? call.assistantOverrides.variableValues : {};
  const context = {
    callId: textOf(call.id),
    customer: { phone: textOf(customer.number), name: textOf(customer.name) },
    agent: { id: textOf(call.assistantId) ?? textOf(assistant.id), name: textOf(assistant.name) },
    metadata: { ...(isObject(assistant.metadata) ? assistant.metadata : {}), ...overrides },
  };

  const problems: FieldProblem[] = [];
  const invocations = source.list.map((entry: unknown, index: number): PlatformInvocation | undefined => {
    const field = `${source.field}[${index}]`;
    if (!isObject(entry)) return void problems.push({ field, message: 'must be an object { id, function: { name, arguments } }' });
    const fn = isObject(entry.function) ? entry.function : {};
    const id = textOf(entry.id);
    const callName = textOf(fn.name) ?? textOf(entry.name);
    if (!id) problems.push({ field: `${field}.id`, message: 'is required: the tool call id the answer repeats' });
    if (!callName) problems.push({ field: `${field}.function.name`, message: 'is required: the function called' });
    const raw = fn.arguments ?? entry.arguments ?? fn.parameters ?? entry.parameters ?? {};
    let args: unknown = raw;
    if (typeof raw === 'string') {
      try {
        args = raw.trim() === '' ? {} : JSON.parse(raw);
      } catch {
        problems.push({ field: `${field}.function.arguments`, message: 'must be a JSON object (as text or as an object)' });
        return undefined;
      }
    }
    if (!isObject(args)) problems.push({ field: `${field}.function.arguments`, message: 'must be a JSON object (as text or as an object)' });
    if (!id || !callName || !isObject(args)) return undefined;
    return { toolCallId: id, name: callName, argumentsField: `${field}.function.arguments`, body: invocationBody({ ...context, callId: context.callId ?? `vapi:${id}`, arguments: args }) };
  });
  if (problems.length > 0) throw ApiError.invalid(problems);
  return invocations as PlatformInvocation[];
}

/**
 * Retell's custom function request `{ name, call, args }` [R6]: the customer is the other end of
 * the call (`from_number` inbound, `to_number` outbound), named by the `customer_name` dynamic
 * variable by convention; metadata is the call's metadata with its dynamic variables (§8).
 */
function readRetell(name: string, body: Json): PlatformInvocation {
  const problems: FieldProblem[] = [];
  if (body.name !== undefined && body.name !== name) problems.push({ field: 'name', message: `names ${JSON.stringify(body.name)} but this URL invokes ${name}` });
  if (!isObject(body.call)) problems.push({ field: 'call', message: 'is required: the Retell call object ({ name, call, args }; turn "args only" off)' });
  else if (!textOf(body.call.call_id)) problems.push({ field: 'call.call_id', message: 'is required' });
  if (body.args !== undefined && !isObject(body.args)) problems.push({ field: 'args', message: "must be an object of the function's parameters" });
  if (problems.length > 0) throw ApiError.invalid(problems);
  const call = body.call as Json;
  const variables = isObject(call.retell_llm_dynamic_variables) ? call.retell_llm_dynamic_variables : {};
  const inbound = call.direction === 'inbound';
  return {
    name,
    argumentsField: 'args',
    body: invocationBody({
      callId: textOf(call.call_id)!,
      customer: { phone: textOf(inbound ? call.from_number : call.to_number), name: textOf(variables.customer_name) },
      agent: { id: textOf(call.agent_id), name: textOf(call.agent_name) },
      metadata: { ...(isObject(call.metadata) ? call.metadata : {}), ...variables },
      arguments: isObject(body.args) ? body.args : {},
    }),
  };
}

/**
 * ElevenLabs' and Bland's requests are the body their tool definition builds: the arguments at
 * the top level, beside reserved fields carrying the call's ids (`context`: field → meaning),
 * unless the function has a parameter of that name. A body wrapping them in `arguments` is read too.
 */
function readFlat(name: string, body: Json, context: Record<string, string>): PlatformInvocation {
  const args: Json = isObject(body.arguments) && Object.keys(body).every((key) => key === 'arguments' || key in context) ? { ...body.arguments } : { ...body };
  const taken = (key: string) => {
    const value = filled(textOf(body[key]));
    if (!isObject(body.arguments)) delete args[key];
    return value;
  };
  const callId = 'call_id' in context ? taken('call_id') : undefined;
  const caller = 'caller_id' in context ? taken('caller_id') : undefined;
  const agentId = 'agent_id' in context ? taken('agent_id') : undefined;
  return {
    name,
    argumentsField: 'arguments',
    body: invocationBody({ callId: callId ?? `${name}:${randomUUID()}`, customer: { phone: caller }, agent: { id: agentId }, metadata: {}, arguments: args }),
  };
}

/** Our invoke body, through the same schema as `POST /api/functions/:name/invoke` (lengths, shapes). */
function invocationBody(input: { callId: string | undefined; customer: Json; agent: Json; metadata: Json; arguments: Json }): InvokeBody {
  const drop = (value: Json) => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
  return parseInput(invokeSchema, { callId: input.callId, customer: drop(input.customer), agent: drop(input.agent), metadata: input.metadata, arguments: input.arguments });
}

/** What a function run answered, as the platform reads it. */
export interface RunOutcome {
  kind: 'answer' | 'finished' | 'timeout';
  status: number;
  body: unknown;
  runId: string;
}

/** Said when the platform's limit comes before the flow's answer: the run goes on. */
export const STILL_WORKING = 'Still working on it; the result will follow shortly.';

/**
 * Vapi's result: one line of text [V5]. A Respond body of text is sent as it is, JSON as JSON
 * text; a Respond status of 400 or more, or a failed run, is the tool call's `error`.
 */
export function vapiResult(toolCallId: string, outcome: RunOutcome): { toolCallId: string; result?: string; error?: string } {
  const line = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value ?? null)).replace(/\s*[\r\n]+\s*/g, ' ');
  if (outcome.kind === 'timeout') return { toolCallId, result: STILL_WORKING };
  if (outcome.kind === 'finished') {
    const status = isObject(outcome.body) ? outcome.body.status : undefined;
    return status === 'failed' ? { toolCallId, error: 'The function failed.' } : { toolCallId, result: line(outcome.body) };
  }
  return outcome.status >= 400 ? { toolCallId, error: line(outcome.body) } : { toolCallId, result: line(outcome.body) };
}

/** Retell, ElevenLabs and Bland read any 2xx JSON: the Respond body, or a "still working" one. */
export function freeFormAnswer(outcome: RunOutcome): { status: number; body: unknown } {
  if (outcome.kind === 'timeout') return { status: 200, body: { status: 'pending', runId: outcome.runId, message: STILL_WORKING } };
  return { status: outcome.status === 202 ? 200 : outcome.status, body: outcome.body };
}
