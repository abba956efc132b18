import { describe, expect, it } from 'vitest';
import type { HttpPort, HttpRequest } from '../sdk/ports';
import { catalog } from '../catalog';
import { runAction } from '../testing/harness';
import { httpRequest } from './request';

function recordingHttp(status = 200, body: unknown = { ok: true }) {
  const requests: HttpRequest[] = [];
  const port: HttpPort = {
    request: async (request) => {
      requests.push(request);
      return { status, headers: {}, body };
    },
  };
  return { port, requests };
}

describe('http.request', () => {
  it('renders its URL with percent-encoded values and its body as JSON', () => {
    expect(httpRequest.urlFields).toEqual(['url']);
    expect(httpRequest.jsonFields).toEqual(['body']);
  });

  it('sends the request and returns the answer', async () => {
    const http = recordingHttp();
    const result = await runAction(httpRequest, { method: 'POST', url: ' https://crm.example.com/leads ', body: '{"a":1}' }, { http: http.port });
    expect(http.requests[0]).toMatchObject({ method: 'POST', url: 'https://crm.example.com/leads', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
    expect(result).toEqual({ output: { status: 200, headers: {}, body: { ok: true } } });
  });

  it('fails a non-2xx answer with a short, masked excerpt in the message', async () => {
    const http = recordingHttp(400, `token=${'ab12'.repeat(20)} ${'x'.repeat(5000)}`);
    const failure = await runAction(httpRequest, { url: 'https://crm.example.com/leads' }, { http: http.port }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'HTTP_STATUS', retryable: false });
    const message = (failure as Error).message;
    expect(message).not.toContain('ab12ab12');
    expect(message.length).toBeLessThan(200);
  });

  it('refuses at design time a JSON body that is not JSON once its variables are filled in', () => {
    const fields = (config: Record<string, unknown>) => catalog.validateConfig(httpRequest, { url: 'https://crm.example.com', ...config }).map((problem) => problem.field);
    expect(fields({ body: '{"name": "{{trigger.name}}", "count": {{trigger.count}}, "tags": [{{trigger.tag}}]}' })).toEqual([]);
    expect(fields({ body: 'name={{trigger.name}}' })).toEqual([]);
    expect(fields({ body: '{"name": "{{trigger.name}}",}' })).toEqual(['body']);
    expect(fields({ body: '{"name": {{trigger.first}} {{trigger.last}}}' })).toEqual(['body']);
    expect(fields({ body: '{"name": "{{trigger.name}}"' })).toEqual(['body']);
    expect(fields({ body: 'name={{trigger.name}}', headers: { 'Content-Type': 'application/json' } })).toEqual(['body']);
  });
});
