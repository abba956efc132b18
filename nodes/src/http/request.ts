import { z } from 'zod';
import { remoteExcerpt, StepError } from '@switchboard/shared';
import { defineAction } from '../sdk/define';
import { connection, templated } from '../sdk/fields';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'] as const;

const config = z.object({
  method: templated.enum(METHODS, 'The HTTP method').default('GET'),
  url: templated.string('The address to call, e.g. https://crm.example.com/api/leads/{{trigger.body.id}}; a value in the path or query is percent-encoded ({{{x}}} inserts it as it is)', { required: true }),
  headers: z
    .record(z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, 'A header name has letters, digits and - only'), templated.string('The header value, e.g. application/json'))
    .default({})
    .describe('Request headers; for a secret (an API token) use an auth connection instead, so it is not stored in the flow'),
  body: templated.string('The request body, e.g. {"name": "{{trigger.body.name}}"}; sent as JSON when it is JSON with its variables inside quotes or alone as values', { multiline: true }).optional(),
  timeoutMs: templated.number('How long to wait for the answer, in milliseconds', { int: true, min: 100, max: 120_000 }).default(10_000),
  responseType: templated.enum(['auto', 'json', 'text'], 'How to read the answer: auto reads JSON when the server says it is JSON').default('auto'),
  authConnectionId: connection('http', 'An auth connection whose secret header (e.g. Authorization: Bearer …) is added to the request').optional(),
});

export const httpRequest = defineAction({
  type: 'http.request',
  typeVersion: 1,
  title: 'HTTP request',
  description: 'Calls an API: update a CRM, fetch appointments, log a result. A 5xx or 429 answer is retried; other non-2xx answers fail the step (or follow its error handle).',
  category: 'Data',
  icon: 'globe',
  config,
  outputs: ['default'],
  sideEffect: true,
  jsonFields: ['body'],
  urlFields: ['url'],
  sampleOutput: { status: 200, headers: { 'content-type': 'application/json' }, body: { id: 'lead_123', updated: true } },
  async execute(ctx) {
    const { method, url, headers, body, timeoutMs, responseType, authConnectionId } = ctx.config;
    if (url.trim() === '') throw new StepError('CONFIG_INVALID', 'The URL is empty; check that its variables have values for this run');
    const sent = { ...headers };
    const hasType = Object.keys(sent).some((name) => name.toLowerCase() === 'content-type');
    if (body !== undefined && body !== '' && !hasType && looksLikeJson(body)) sent['content-type'] = 'application/json';
    const response = await ctx.ports.http.request({
      method,
      url: url.trim(),
      headers: sent,
      body: body === '' || method === 'GET' || method === 'HEAD' ? undefined : body,
      timeoutMs,
      responseType,
      authConnectionId,
    });
    if (response.status < 200 || response.status >= 300) {
      const retryable = response.status === 429 || response.status >= 500;
      throw new StepError('HTTP_STATUS', `${method} ${url} answered ${response.status}${describe(response.body)}`, {
        retryable,
        details: { status: response.status, body: response.body },
      });
    }
    return { output: response };
  },
});

function looksLikeJson(body: string): boolean {
  try {
    const parsed: unknown = JSON.parse(body);
    return typeof parsed === 'object' && parsed !== null;
  } catch {
    return false;
  }
}

// The message is shown in run views and alerts: a short excerpt with secrets masked. The whole
// answer stays in `details.body` for the flow's error handle, like a 2xx answer in the output.
function describe(body: unknown): string {
  const excerpt = remoteExcerpt(body);
  return excerpt === '' ? '' : `: ${excerpt}`;
}
