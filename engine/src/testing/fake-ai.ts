import { FakeProvider, type FakeResponse, type RecordedRequest } from './fake-providers';

/** What the fake model answers a request with: message content (a string or JSON), or a raw HTTP answer. */
export type Completion = { content: string | Record<string, unknown> } | { http: FakeResponse } | { delayMs: number; content: string | Record<string, unknown> };

/** What a request asks the model: the JSON schema's name (`extraction`, `decision`, `routing`) or `reply`. */
export function purposeOf(request: RecordedRequest): string {
  return request.body?.response_format?.json_schema?.name ?? 'reply';
}

/** The text the model is asked about: the last user message. */
export function userText(request: RecordedRequest): string {
  const messages = (request.body?.messages ?? []) as Array<{ role: string; content: string }>;
  return [...messages].reverse().find((message) => message.role === 'user')?.content ?? '';
}

/**
 * A local OpenAI-compatible chat completions server: answers `POST /v1/chat/completions` with
 * what `answer` returns for each request (or, first, the queued `next` answers), in the API's
 * response format with token usage, and records every request.
 */
export function fakeOpenAi(answer: (request: RecordedRequest) => Completion): FakeProvider & { next: Completion[] } {
  const next: Completion[] = [];
  let answered = 0;
  const fake: FakeProvider = new FakeProvider(() => (request: RecordedRequest): FakeResponse | undefined => {
    if (request.method !== 'POST' || request.path.split('?')[0] !== '/v1/chat/completions') return undefined;
    const completion = next.shift() ?? answer(request);
    if ('http' in completion) return completion.http;
    const content = typeof completion.content === 'string' ? completion.content : JSON.stringify(completion.content);
    const body = {
      id: `chatcmpl-${++answered}`,
      object: 'chat.completion',
      created: 1_763_700_000,
      model: request.body?.model ?? 'fake-model',
      choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 120, completion_tokens: 30, total_tokens: 150 },
    };
    return 'delayMs' in completion ? { status: 200, body, delayMs: completion.delayMs } : { status: 200, body };
  });
  return Object.assign(fake, { next });
}
