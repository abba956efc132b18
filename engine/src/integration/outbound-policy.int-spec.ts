import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeOpenAi } from '../testing/fake-ai';
import { fakeMeta, type FakeProvider } from '../testing/fake-providers';
import { callCompletedEvent } from '../testing/fixtures';
import { SmtpSink } from '../testing/smtp-sink';
import { TestEngine, type ApiClient } from '../testing/test-engine';

const stepOf = (run: any, nodeId: string) => run.steps.find((step: any) => step.nodeId === nodeId);

const PHONE_NUMBER_ID = '106540352242922';
const WABA_ID = '102290129340398';
/** What a careless internal service might put in an error page. */
const LEAKED = 'sk-live-4f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c';

interface Received {
  path: string;
  headers: IncomingMessage['headers'];
}

/**
 * The outbound policy, end to end: provider, AI and SMTP connections on loopback are refused
 * by an engine whose operator allows nothing (`OUTBOUND_ALLOW` unset) and work on one that
 * lists them; credentials never follow a redirect to another origin; remote answers come back
 * only as a short masked excerpt; URL values are encoded; a JSON body that is not JSON is
 * refused at design time.
 */
describe('one outbound policy', () => {
  let meta: FakeProvider;
  let model: ReturnType<typeof fakeOpenAi>;
  let smtp: SmtpSink;
  let web: Server;
  let webPort: number;
  const received: Received[] = [];
  let strict: TestEngine;
  let allowing: TestEngine;

  const hostOf = (url: string) => new URL(url).host;

  beforeAll(async () => {
    meta = await fakeMeta({ phoneNumberId: PHONE_NUMBER_ID, wabaId: WABA_ID, templates: [{ name: 'appointment_confirmation', body: 'Hi {{1}}' }] }).start();
    model = await fakeOpenAi(() => ({ content: 'OK' })).start();
    smtp = await new SmtpSink().start();
    // One server, two origins: 127.0.0.1:port redirects to localhost:port, which records.
    web = createServer((req, res) => {
      received.push({ path: req.url!, headers: req.headers });
      if (req.url!.startsWith('/redirect')) return res.writeHead(307, { location: `http://localhost:${webPort}/landing` }).end();
      if (req.url === '/leaky') return res.writeHead(502, { 'content-type': 'text/html' }).end(`<html>\n<pre>Authorization: Bearer ${LEAKED}\n${'stack frame\n'.repeat(450)}</pre></html>`);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ path: req.url }));
    });
    await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
    webPort = (web.address() as AddressInfo).port;
    strict = await TestEngine.start({ env: { OUTBOUND_ALLOW: '' } });
    const listed = [hostOf(meta.url), hostOf(model.url), hostOf(smtp.url.replace('smtp:', 'http:')), `127.0.0.1:${webPort}`, `localhost:${webPort}`];
    allowing = await TestEngine.start({ env: { OUTBOUND_ALLOW: listed.join(',') } });
  });
  afterAll(async () => {
    await strict?.stop();
    await allowing?.stop();
    await meta?.stop();
    await model?.stop();
    await smtp?.stop();
    await new Promise((resolve) => web?.close(resolve));
  });

  const connections = async (api: ApiClient) => {
    const created = await Promise.all([
      api.post('/api/connections', {
        name: 'Meta',
        provider: 'whatsapp.meta',
        config: { accessToken: 'EAAJB-outbound-token', phoneNumberId: PHONE_NUMBER_ID, wabaId: WABA_ID, appSecret: 'app-secret', verifyToken: 'verify', baseUrl: meta.url },
      }),
      api.post('/api/connections', { name: 'Model', provider: 'ai.openai_compatible', config: { baseUrl: `${model.url}/v1`, apiKey: 'sk-outbound', model: 'gpt-test' } }),
      api.post('/api/connections', { name: 'Mail', provider: 'smtp', config: { host: '127.0.0.1', port: Number(new URL(smtp.url).port), secure: false, from: 'ops@example.com' } }),
    ]);
    for (const response of created) expect(response.status, JSON.stringify(response.body)).toBe(201);
    const [metaId, aiId, smtpId] = created.map((response) => response.body.id as string);
    return { metaId: metaId!, aiId: aiId!, smtpId: smtpId! };
  };

  const runHttp = async (api: ApiClient, config: Record<string, unknown>, variables: Record<string, unknown> = {}) => {
    const flowId = await api.publish(`HTTP ${Math.random()}`, {
      nodes: [
        { id: 'call', type: 'call.completed', config: {} },
        { id: 'http', type: 'http.request', config: { retry: { attempts: 1 }, ...config } },
      ],
      edges: [{ id: 'e1', source: 'call', target: 'http' }],
    });
    const posted = await api.post('/api/events', callCompletedEvent({ variables }));
    const run = await api.waitForRun(posted.body.runs[0].runId);
    await api.post(`/api/flows/${flowId}/unpublish`);
    return run;
  };

  it('refuses provider, AI and SMTP connections on loopback when OUTBOUND_ALLOW is unset, before anything is sent', async () => {
    const api = strict.api;
    const { metaId, aiId, smtpId } = await connections(api);
    const before = { meta: meta.requests.length, model: model.requests.length, smtp: smtp.sessions };

    const sync = await api.post(`/api/connections/${metaId}/templates/sync`);
    expect(sync).toMatchObject({ status: 422, body: { error: { details: { code: 'URL_NOT_ALLOWED', retryable: false } } } });
    expect(sync.body.error?.message).toContain('OUTBOUND_ALLOW');
    const ai = await api.post(`/api/connections/${aiId}/test`);
    expect(ai).toMatchObject({ status: 422, body: { error: { details: { code: 'URL_NOT_ALLOWED' } } } });
    const mail = await api.post(`/api/connections/${smtpId}/test`);
    expect(mail).toMatchObject({ status: 422, body: { error: { details: { code: 'URL_NOT_ALLOWED' } } } });
    expect(mail.body.error?.message).toContain('allowed hosts');

    // A name that resolves to loopback is refused too: the check is on the resolved address.
    const byName = await api.post('/api/connections', { name: 'Mail by name', provider: 'smtp', config: { url: smtp.url.replace('127.0.0.1', 'localhost'), from: 'ops@example.com' } });
    expect((await api.post(`/api/connections/${byName.body.id}/test`)).body.error?.details.code).toBe('URL_NOT_ALLOWED');

    expect({ meta: meta.requests.length, model: model.requests.length, smtp: smtp.sessions }).toEqual(before);
  });

  it('calls the same servers when OUTBOUND_ALLOW lists them', async () => {
    const api = allowing.api;
    const { metaId, aiId, smtpId } = await connections(api);
    expect(await api.post(`/api/connections/${metaId}/templates/sync`)).toMatchObject({ status: 200, body: { synced: 1 } });
    expect(meta.requests.at(-1)!.headers.authorization).toBe('Bearer EAAJB-outbound-token');
    expect(await api.post(`/api/connections/${aiId}/test`)).toMatchObject({ status: 200, body: { ok: true } });
    const sessions = smtp.sessions;
    expect(await api.post(`/api/connections/${smtpId}/test`)).toMatchObject({ status: 200, body: { ok: true } });
    expect(smtp.sessions).toBe(sessions + 1);
  });

  it('drops every credential header on a redirect to another origin, and provider calls do not follow one', async () => {
    const api = allowing.api;
    const auth = await api.post('/api/connections', { name: 'CRM key', provider: 'http.header', config: { headerName: 'X-Api-Key', value: 'crm-key-123' } });
    const run = await runHttp(api, {
      url: `http://127.0.0.1:${webPort}/redirect`,
      authConnectionId: auth.body.id,
      headers: { Authorization: 'Bearer user-typed', Cookie: 'session=abc', 'X-Partner-Token': 't0k', 'X-Source': 'switchboard' },
    });
    expect(stepOf(run, 'http'), JSON.stringify(stepOf(run, 'http'))).toMatchObject({ status: 'succeeded', output: { status: 200, body: { path: '/landing' } } });
    const [first, landing] = received.slice(-2);
    expect(first).toMatchObject({ path: '/redirect', headers: { 'x-api-key': 'crm-key-123', authorization: 'Bearer user-typed' } });
    expect(landing!.path).toBe('/landing');
    expect(landing!.headers.host).toBe(`localhost:${webPort}`);
    for (const name of ['x-api-key', 'authorization', 'cookie', 'x-partner-token']) expect(landing!.headers[name], name).toBeUndefined();
    expect(landing!.headers['x-source']).toBe('switchboard');

    // A Meta connection whose server redirects elsewhere: refused, the bearer token stays home.
    const moved = await api.post('/api/connections', {
      name: 'Meta moved',
      provider: 'whatsapp.meta',
      config: { accessToken: 'EAAJB-moved-token', phoneNumberId: PHONE_NUMBER_ID, wabaId: WABA_ID, appSecret: 's', verifyToken: 'v', baseUrl: `http://127.0.0.1:${webPort}/redirect` },
    });
    const count = received.length;
    const sync = await api.post(`/api/connections/${moved.body.id}/templates/sync`);
    expect(sync).toMatchObject({ status: 422, body: { error: { details: { code: 'URL_NOT_ALLOWED' } } } });
    expect(received.slice(count).map((request) => request.path)).toEqual([`/redirect/v23.0/${WABA_ID}/message_templates?limit=100`]);
  });

  it('echoes a remote error of 5 KB only as a short excerpt with its secret masked', async () => {
    const api = allowing.api;
    const page = `Upstream failure. Authorization: Bearer ${LEAKED}\n${'at internal.service.Handler (/srv/app.js:10:5)\n'.repeat(110)}`;
    expect(page.length).toBeGreaterThan(5000);
    const { metaId, aiId } = await connections(api);

    model.next.push({ http: { status: 400, body: { error: { message: page, type: 'invalid_request_error' } } } });
    const ai = await api.post(`/api/connections/${aiId}/test`);
    meta.nextSends.push({ status: 400, body: { error: { message: page, code: 999_999 } } });
    const send = await api.waitForRun(
      (
        await api.post(`/api/flows/${await api.publish('Leaky send', {
          nodes: [
            { id: 'start', type: 'manual', config: {} },
            { id: 'send', type: 'whatsapp.send_template', config: { connectionId: metaId, to: '+14155551234', template: 'appointment_confirmation', language: 'en', parameters: ['Anna'] } },
          ],
          edges: [{ id: 'e1', source: 'start', target: 'send' }],
        })}/run`, { data: {} })
      ).body.runId,
    );
    const http = await runHttp(api, { url: `http://127.0.0.1:${webPort}/leaky` });

    const errors = [ai.body.error, stepOf(send, 'send').error, stepOf(http, 'http').error];
    expect([ai.body.error?.details.code, ...errors.slice(1).map((error) => error.code)]).toEqual(['CONFIG_INVALID', 'CONFIG_INVALID', 'HTTP_STATUS']);
    for (const error of errors) {
      expect(error.message).not.toContain(LEAKED);
      expect(error.message.length, error.message).toBeLessThan(300);
      expect(error.message).not.toContain('\n');
    }
    expect(JSON.stringify(ai.body)).not.toContain(LEAKED);
    expect(JSON.stringify(stepOf(send, 'send').error)).not.toContain(LEAKED);
    expect(ai.body.error?.message).toContain('Bearer ***');
  });

  it('percent-encodes a value rendered into the URL path and query', async () => {
    const run = await runHttp(allowing.api, { url: `http://127.0.0.1:${webPort}/leads/{{trigger.variables.lead}}?q={{trigger.variables.lead}}` }, { lead: '../admin/x?y=1#z' });
    expect(stepOf(run, 'http'), JSON.stringify(stepOf(run, 'http'))).toMatchObject({ status: 'succeeded' });
    const encoded = encodeURIComponent('../admin/x?y=1#z');
    expect(received.at(-1)!.path).toBe(`/leads/${encoded}?q=${encoded}`);
  });

  it('refuses base URLs with a fragment, a query, credentials or another scheme at create and PATCH time', async () => {
    const api = strict.api;
    const metaConfig = { accessToken: 't', phoneNumberId: PHONE_NUMBER_ID, wabaId: WABA_ID, appSecret: 's', verifyToken: 'v' };
    const fieldsOf = (response: { status: number; body: any }) => {
      expect(response.status, JSON.stringify(response.body)).toBe(400);
      return (response.body.error.details as Array<{ field: string }>).map((detail) => detail.field);
    };
    for (const baseUrl of [`${meta.url}#`, `${meta.url}/?x=1`, 'https://user:pw@graph.example.com', 'ftp://graph.example.com']) {
      expect(fieldsOf(await api.post('/api/connections', { name: 'Meta', provider: 'whatsapp.meta', config: { ...metaConfig, baseUrl } })), baseUrl).toEqual(['config.baseUrl']);
    }
    const created = await api.post('/api/connections', { name: 'Meta', provider: 'whatsapp.meta', config: { ...metaConfig, baseUrl: meta.url } });
    expect(fieldsOf(await api.request('PATCH', `/api/connections/${created.body.id}`, { config: { ...metaConfig, baseUrl: `${meta.url}#` } }))).toContain('config.baseUrl');
    expect(fieldsOf(await api.post('/api/connections', { name: 'Model', provider: 'ai.openai_compatible', config: { baseUrl: `${model.url}/v1#`, model: 'm' } }))).toEqual(['config.baseUrl']);
    // Azure OpenAI's api-version stays possible: the API path is set on the parsed URL.
    expect((await api.post('/api/connections', { name: 'Azure', provider: 'ai.openai_compatible', config: { baseUrl: 'https://x.openai.azure.com/openai/deployments/d?api-version=2024-10-21', model: 'm' } })).status).toBe(201);
    expect(fieldsOf(await api.post('/api/connections', { name: 'Mail', provider: 'smtp', config: { url: `${smtp.url}?tls.rejectUnauthorized=false`, from: 'ops@example.com' } }))).toEqual(['config.url']);
  });

  it('reports a JSON body template that is not JSON at validate time, naming body', async () => {
    const graph = (body: string) => ({
      nodes: [
        { id: 'call', type: 'call.completed', config: {} },
        { id: 'http', type: 'http.request', config: { method: 'POST', url: 'https://crm.example.com/leads', body } },
      ],
      edges: [{ id: 'e1', source: 'call', target: 'http' }],
    });
    const invalid = await strict.api.post('/api/flows/validate', { graph: graph('{"name": {{trigger.customer.name}} {{trigger.customer.phone}}}') });
    expect(invalid.status).toBe(200);
    expect(invalid.body.valid).toBe(false);
    expect(invalid.body.problems).toEqual([expect.objectContaining({ nodeId: 'http', field: 'config.body' })]);
    const valid = await strict.api.post('/api/flows/validate', { graph: graph('{"name": "{{trigger.customer.name}}", "minutes": {{trigger.call.durationSeconds}}}') });
    expect(valid.body).toMatchObject({ valid: true });
  });
});
