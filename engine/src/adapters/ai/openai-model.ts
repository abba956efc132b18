import { remoteExcerpt, StepError } from '@switchboard/shared';
import type { AiField, AiUsage } from '@switchboard/nodes';
import type { OutboundAccess } from '../outbound/outbound-policy';
import { requestJson, type JsonResponse } from '../whatsapp/http';
import type { AiModel, ChatTurn, ModelAnswer } from './ai-model';

/** An OpenAI-compatible endpoint: OpenAI, Azure OpenAI, Ollama, vLLM, LM Studio. */
export interface OpenAiSettings {
  /** The API root, e.g. `https://api.openai.com/v1` or `http://localhost:11434/v1`. */
  baseUrl: string;
  apiKey?: string;
  model: string;
  timeoutMs: number;
  /** Quick retries of 429 and 5xx inside one step attempt; the step's own retry comes after. */
  quickRetries?: number;
  /** The first quick retry's wait when the server gives no Retry-After; doubles after. */
  retryDelayMs?: number;
  /** Where the calls may go: a connection's workspace under the outbound policy, or the operator's own `AI_BASE_URL`. */
  outbound: OutboundAccess;
}

type Message = { role: 'system' | 'user' | 'assistant'; content: string };
type JsonSchema = Record<string, unknown>;

const SERVICE = 'The AI model';
/** A Retry-After longer than this is left to the step's retry (which waits durably). */
const MAX_QUICK_WAIT_MS = 10_000;

/**
 * The chat completions API with JSON-schema structured output for extraction, decisions and
 * routing. 429 and 5xx are retried a few times at once (honouring Retry-After), then fail as
 * retryable `RATE_LIMITED` / `PROVIDER_UNAVAILABLE`; token usage is reported with each answer.
 */
export class OpenAiCompatibleModel implements AiModel {
  readonly offline = false;

  constructor(private readonly settings: OpenAiSettings) {}

  async reply(input: { instructions: string; history: ChatTurn[]; message: string; variables: Record<string, unknown> }): Promise<ModelAnswer & { text: string }> {
    const facts = Object.keys(input.variables).length > 0 ? `\n\nFacts you may use (JSON):\n${JSON.stringify(input.variables)}` : '';
    const messages: Message[] = [
      { role: 'system', content: `${input.instructions}${facts}` },
      ...input.history.map((turn): Message => ({ role: turn.role === 'customer' ? 'user' : 'assistant', content: turn.text })),
      { role: 'user', content: input.message },
    ];
    const { content, answer } = await this.complete(messages);
    const text = content.trim();
    if (text === '') throw new StepError('AI_INVALID_OUTPUT', `${this.settings.model} answered with an empty reply`);
    return { ...answer, text };
  }

  async extract(input: { text: string; fields: AiField[]; referenceDate?: string; timeZone?: string }) {
    const properties = Object.fromEntries(input.fields.map((field) => [field.name, fieldSchema(field)]));
    const schema = { type: 'object', properties, required: input.fields.map((field) => field.name), additionalProperties: false };
    const reference = input.referenceDate ? ` Relative dates ("next Tuesday") count from ${input.referenceDate}${input.timeZone ? ` in ${input.timeZone}` : ''}.` : '';
    const system =
      'You extract values from a text, usually the transcript of a call between an AI agent and a customer. ' +
      `Give null for any value the text does not state; never guess.${reference} Dates are YYYY-MM-DD, times HH:MM in 24-hour format, date-times ISO 8601.`;
    const { value, answer } = await this.structured('extraction', schema, [
      { role: 'system', content: system },
      { role: 'user', content: input.text },
    ]);
    return { ...answer, values: value as Record<string, string | number | boolean | null> };
  }

  async decide(input: { question: string; text: string }) {
    const schema = {
      type: 'object',
      properties: { result: { type: 'boolean' }, reason: { type: 'string', description: 'One sentence: why, quoting the text where it helps' } },
      required: ['result', 'reason'],
      additionalProperties: false,
    };
    const { value, answer } = await this.structured('decision', schema, [
      { role: 'system', content: `Answer a yes/no question about a text, usually the transcript of a call between an AI agent and a customer. Answer yes only when the text supports it.\nQuestion: ${input.question}` },
      { role: 'user', content: input.text },
    ]);
    const decision = value as { result?: unknown; reason?: unknown };
    if (typeof decision.result !== 'boolean') throw new StepError('AI_INVALID_OUTPUT', `${this.settings.model} did not answer yes or no`);
    return { ...answer, result: decision.result, reason: typeof decision.reason === 'string' ? decision.reason : '' };
  }

  async route(input: { text: string; rules: Array<{ when: string }> }) {
    const list = input.rules.map((rule, index) => `${index}: ${rule.when}`).join('\n');
    const schema = {
      type: 'object',
      properties: {
        rule: { type: ['integer', 'null'], description: 'The number of the first rule that applies, or null when none does' },
        reason: { type: 'string' },
      },
      required: ['rule', 'reason'],
      additionalProperties: false,
    };
    const { value, answer } = await this.structured('routing', schema, [
      { role: 'system', content: `Decide which routing rule applies to a text, usually a call transcript. Rules, in order (the first that applies wins):\n${list}` },
      { role: 'user', content: input.text },
    ]);
    const routing = value as { rule?: unknown; reason?: unknown };
    const rule = typeof routing.rule === 'number' && Number.isInteger(routing.rule) && routing.rule >= 0 && routing.rule < input.rules.length ? routing.rule : null;
    return { ...answer, rule, reason: typeof routing.reason === 'string' ? routing.reason : '' };
  }

  /** One tiny completion: proves the URL, the key and the model name (a connection's Test button). */
  async ping(): Promise<ModelAnswer> {
    const response = await this.post({ model: this.settings.model, messages: [{ role: 'user', content: 'Reply with OK.' }], max_tokens: 5 }, this.settings.timeoutMs);
    const parsed = response.body as { model?: unknown; usage?: Record<string, unknown> };
    return { model: typeof parsed?.model === 'string' ? parsed.model : this.settings.model, ...usageOf(parsed?.usage) };
  }

  /** A completion whose content must be JSON matching `schema` (structured output). */
  private async structured(name: string, schema: JsonSchema, messages: Message[]): Promise<{ value: unknown; answer: ModelAnswer }> {
    const { content, answer } = await this.complete(messages, { type: 'json_schema', json_schema: { name, strict: true, schema } });
    try {
      const value = JSON.parse(stripFence(content)) as unknown;
      if (typeof value === 'object' && value !== null) return { value, answer };
    } catch {
      // reported below
    }
    throw new StepError('AI_INVALID_OUTPUT', `${this.settings.model} did not answer with the JSON asked for: ${remoteExcerpt(content)}`);
  }

  private async complete(messages: Message[], responseFormat?: unknown): Promise<{ content: string; answer: ModelAnswer }> {
    const { model, timeoutMs } = this.settings;
    const body = { model, messages, temperature: 0, ...(responseFormat ? { response_format: responseFormat } : {}) };
    const response = await this.post(body, timeoutMs);
    const parsed = response.body as { choices?: Array<{ message?: { content?: unknown; refusal?: unknown } }>; usage?: Record<string, unknown>; model?: unknown };
    const message = parsed?.choices?.[0]?.message;
    if (typeof message?.refusal === 'string' && message.refusal !== '') throw new StepError('AI_INVALID_OUTPUT', `${model} refused: ${remoteExcerpt(message.refusal)}`, { retryable: false });
    if (typeof message?.content !== 'string') throw new StepError('AI_INVALID_OUTPUT', `${model} answered without a message (not a chat completions response?)`);
    return { content: message.content, answer: { model: typeof parsed.model === 'string' ? parsed.model : model, ...usageOf(parsed.usage) } };
  }

  /** POSTs to /chat/completions, retrying 429 and 5xx a few times at once. */
  private async post(body: unknown, timeoutMs: number): Promise<JsonResponse> {
    const retries = this.settings.quickRetries ?? 2;
    let delay = this.settings.retryDelayMs ?? 500;
    for (let attempt = 0; ; attempt += 1) {
      const response = await requestJson({ service: SERVICE, method: 'POST', url: completionsUrl(this.settings.baseUrl), headers: this.headers(), json: body, timeoutMs, outbound: this.settings.outbound });
      if (response.status >= 200 && response.status < 300) return response;
      const retryable = response.status === 429 || response.status >= 500;
      const wait = retryAfterMs(response.headers['retry-after']) ?? delay;
      if (!retryable || attempt >= retries || wait > MAX_QUICK_WAIT_MS) throw statusError(response);
      await new Promise((resolve) => setTimeout(resolve, wait));
      delay *= 2;
    }
  }

  private headers(): Record<string, string> {
    const key = this.settings.apiKey;
    if (!key) return {};
    // Azure OpenAI authenticates with `api-key`; everyone else with a bearer token.
    return new URL(this.settings.baseUrl).hostname.endsWith('.openai.azure.com') ? { 'api-key': key } : { authorization: `Bearer ${key}` };
  }
}

/** `…/v1` + `/chat/completions`, keeping a query string (Azure's `?api-version=`). */
export function completionsUrl(baseUrl: string): string {
  const url = new URL(baseUrl);
  url.pathname = `${url.pathname.replace(/(?<!\/)\/+$/, '')}/chat/completions`;
  return url.toString();
}

function fieldSchema(field: AiField): JsonSchema {
  const description = field.description ? { description: field.description } : {};
  switch (field.type) {
    case 'number':
      return { type: ['number', 'null'], ...description };
    case 'boolean':
      return { type: ['boolean', 'null'], ...description };
    case 'date':
      return { type: ['string', 'null'], description: `${field.description ?? field.name} (YYYY-MM-DD)` };
    case 'time':
      return { type: ['string', 'null'], description: `${field.description ?? field.name} (HH:MM, 24-hour)` };
    case 'datetime':
      return { type: ['string', 'null'], description: `${field.description ?? field.name} (ISO 8601 with offset)` };
    default:
      return { type: ['string', 'null'], ...description };
  }
}

function usageOf(usage: Record<string, unknown> | undefined): { usage?: AiUsage } {
  if (!usage) return {};
  const number = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
  const promptTokens = number(usage.prompt_tokens);
  const completionTokens = number(usage.completion_tokens);
  return { usage: { promptTokens, completionTokens, totalTokens: number(usage.total_tokens) || promptTokens + completionTokens } };
}

/** Some local servers wrap JSON in a Markdown fence despite the response format. */
function stripFence(content: string): string {
  // Not a pattern: `\s*([\s\S]*?)\s*` tries every split of a run of spaces (2,000 took 13 s).
  const text = content.trim();
  if (text.length < 6 || !text.startsWith('```') || !text.endsWith('```')) return content;
  return text.slice(text.startsWith('```json') ? 7 : 3, -3).trim();
}

function retryAfterMs(header: string | undefined): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function statusError(response: JsonResponse): StepError {
  // A short, masked excerpt: the model server may be an internal service, its answer not the user's to read.
  const detail = remoteExcerpt(response.body);
  const suffix = detail ? `: ${detail}` : '';
  if (response.status === 429) return new StepError('RATE_LIMITED', `The AI model is rate limited (HTTP 429)${suffix}`);
  if (response.status >= 500) return new StepError('PROVIDER_UNAVAILABLE', `The AI model is unavailable (HTTP ${response.status})${suffix}`);
  if (response.status === 401 || response.status === 403) return new StepError('PROVIDER_AUTH', `The AI model refused the API key (HTTP ${response.status})${suffix}`);
  return new StepError('CONFIG_INVALID', `The AI model refused the request (HTTP ${response.status})${suffix}`);
}
