import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestEngine, type ApiClient } from '../testing/test-engine';

const SECRET = 'whsec-lead-form-0123456789';
const stepOf = (run: any, nodeId: string) => run.steps.find((step: any) => step.nodeId === nodeId);
const sign = (body: string, secret = SECRET) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

/** A lead form flow: the webhook trigger, then `flow.set` greeting the submitted name. */
const leadFlow = (path: string, secret?: string) => ({
  nodes: [
    { id: 'lead', type: 'webhook.received', config: { path, ...(secret ? { secret } : {}) } },
    { id: 'greet', type: 'flow.set', config: { values: { name: '{{trigger.body.name}}' } } },
  ],
  edges: [{ id: 'e1', source: 'lead', target: 'greet' }],
});

describe('POST /webhooks/in/:path', () => {
  let engine: TestEngine;
  let api: ApiClient;
  let leadFlowId: string;

  /** Posts like a form tool would: no API key, the body as given. */
  const deliver = async (path: string, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) => {
    const response = await fetch(`${api.baseUrl}/webhooks/in/${path}`, { method: 'POST', headers, body });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
  const runsOn = async (path: string) =>
    (await engine.environment.sql<{ n: number }>(`SELECT count(*)::int AS n FROM runs r JOIN events e ON e.id = r.event_id WHERE e.type = 'webhook.received' AND e.data->>'path' = $1`, [path]))[0]!.n;

  beforeAll(async () => {
    engine = await TestEngine.start();
    api = engine.api;
    leadFlowId = await api.publish('Lead form', leadFlow('lead-form'));
    await api.publish('Signed lead form', leadFlow('signed/lead-form', SECRET));
  });
  afterAll(() => engine?.stop());

  it('starts the flow on a JSON post, without the caller credentials in the trigger data', async () => {
    const body = JSON.stringify({ name: 'Alex Morgan', phone: '+14155551234', interest: 'Dental implants' });
    const answer = await deliver('lead-form?utm_source=ads', body, {
      'content-type': 'application/json',
      'user-agent': 'Typeform-Webhooks/1.0',
      authorization: 'Bearer caller-token',
      'x-signature-256': sign(body),
      'x-api-key': 'k',
      'x-form-token': 't',
      'x-client-secret': 's',
      cookie: 'session=1',
    });
    expect(answer).toEqual({ status: 202, body: { eventId: expect.any(String), runs: [{ runId: expect.any(String), flowId: leadFlowId }] } });

    const run = await api.waitForRun(answer.body.runs[0].runId);
    expect(run.status).toBe('succeeded');
    expect(stepOf(run, 'greet').output).toEqual({ name: 'Alex Morgan' });
    const trigger = stepOf(run, 'lead').output;
    expect(trigger).toMatchObject({ path: 'lead-form', body: { name: 'Alex Morgan' }, query: { utm_source: 'ads' }, receivedAt: expect.any(String) });
    expect(trigger.headers).toMatchObject({ 'content-type': 'application/json', 'user-agent': 'Typeform-Webhooks/1.0' });
    for (const name of ['authorization', 'x-signature-256', 'x-api-key', 'x-form-token', 'x-client-secret', 'cookie']) expect(trigger.headers).not.toHaveProperty(name);
  });

  it('parses a form post into an object, and keeps any other body as text', async () => {
    const form = await deliver('lead-form', 'name=Sam+Lee&interest=Whitening&tag=a&tag=b', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(202);
    const run = await api.waitForRun(form.body.runs[0].runId);
    expect(stepOf(run, 'greet').output).toEqual({ name: 'Sam Lee' });
    expect(stepOf(run, 'lead').output.body).toEqual({ name: 'Sam Lee', interest: 'Whitening', tag: ['a', 'b'] });

    const text = await deliver('lead-form', 'hello from a CRM', { 'content-type': 'text/plain' });
    expect(text.status).toBe(202);
    expect(stepOf(await api.waitForRun(text.body.runs[0].runId), 'lead').output.body).toBe('hello from a CRM');
  });

  it('keeps the API itself JSON only', async () => {
    const response = await fetch(`${api.baseUrl}/api/events`, { method: 'POST', headers: { authorization: `Bearer ${api.apiKey}`, 'content-type': 'application/x-www-form-urlencoded' }, body: 'type=manual' });
    expect(response.status).toBe(415);
    expect(((await response.json()) as any).error.code).toBe('INVALID_INPUT');
  });

  it('with a secret, refuses unsigned and wrongly signed posts and starts nothing; a signed one runs', async () => {
    const body = JSON.stringify({ name: 'Riya Patel' });
    expect(await deliver('signed/lead-form', body)).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHORIZED' } } });
    expect((await deliver('signed/lead-form', body, { 'content-type': 'application/json', 'x-signature-256': sign(body, 'another-secret-of-some-length') })).status).toBe(401);
    expect((await deliver('signed/lead-form', body, { 'content-type': 'application/json', 'x-signature-256': sign(`${body} `) })).status).toBe(401);
    expect(await runsOn('signed/lead-form')).toBe(0);

    const signed = await deliver('signed/lead-form', body, { 'content-type': 'application/json', 'x-signature-256': sign(body) });
    expect(signed.status).toBe(202);
    const run = await api.waitForRun(signed.body.runs[0].runId);
    expect(stepOf(run, 'greet').output).toEqual({ name: 'Riya Patel' });
    expect(await runsOn('signed/lead-form')).toBe(1);
  });

  it('answers an unknown path 404 and an oversized body 413, in the API error shape', async () => {
    expect(await deliver('no-such-form', '{}')).toEqual({ status: 404, body: { error: { code: 'NOT_FOUND', message: expect.stringContaining('no-such-form') } } });
    const large = JSON.stringify({ name: 'x'.repeat(300 * 1024) });
    expect(await deliver('lead-form', large)).toEqual({ status: 413, body: { error: { code: 'PAYLOAD_TOO_LARGE', message: expect.any(String) } } });
    const largeForm = `name=${'x'.repeat(300 * 1024)}`;
    expect(await deliver('lead-form', largeForm, { 'content-type': 'application/x-www-form-urlencoded' })).toMatchObject({ status: 413, body: { error: { code: 'PAYLOAD_TOO_LARGE' } } });
  });

  it('starts one run for a delivery retried with the same Idempotency-Key', async () => {
    const body = JSON.stringify({ name: 'Jonas' });
    const headers = { 'content-type': 'application/json', 'idempotency-key': 'typeform-delivery-42' };
    const first = await deliver('lead-form', body, headers);
    expect(first.status).toBe(202);
    expect(first.body.eventId).toBe('typeform-delivery-42');
    const second = await deliver('lead-form', body, headers);
    expect(second).toEqual({ status: 200, body: { eventId: 'typeform-delivery-42', duplicate: true, runs: first.body.runs } });
    const runs = await engine.environment.sql(`SELECT r.id FROM runs r JOIN events e ON e.id = r.event_id WHERE e.external_id = 'typeform-delivery-42'`);
    expect(runs).toHaveLength(1);
  });

  it('refuses a second flow on a path in use in the workspace; another workspace gets the path at its own token URL only', async () => {
    const created = await api.post('/api/flows', { name: 'Second lead form', graph: leadFlow('lead-form') });
    const refused = await api.post(`/api/flows/${created.body.id}/publish`);
    expect(refused).toEqual({ status: 409, body: { error: { code: 'CONFLICT', message: 'path lead-form is already used by the published flow "Lead form"' } } });

    const other = await engine.otherWorkspace();
    const theirs = await other.post('/api/flows', { name: 'Their form', graph: leadFlow('lead-form') });
    const theirPublish = await other.post(`/api/flows/${theirs.body.id}/publish`);
    expect(theirPublish.status).toBe(200);
    const theirBase = (await other.get('/api/workspace')).body.webhookBaseUrl;
    expect(theirPublish.body.webhook).toEqual({ path: 'lead-form', url: `${theirBase}/lead-form`, legacyUrl: null });
    // The token-less URL stays with the workspace that published the path first.
    const legacy = await deliver('lead-form', JSON.stringify({ name: 'Still ours' }));
    expect(legacy.body.runs).toEqual([{ runId: expect.any(String), flowId: leadFlowId }]);

    // Republishing the flow that holds the path is fine, and names both of its URLs.
    const republished = await api.post(`/api/flows/${leadFlowId}/publish`);
    expect(republished.status).toBe(200);
    expect(republished.body.webhook).toEqual({ path: 'lead-form', url: `${(await api.get('/api/workspace')).body.webhookBaseUrl}/lead-form`, legacyUrl: 'https://flows.example.test/webhooks/in/lead-form' });
  });

  it('forgets the path once its flow is unpublished', async () => {
    expect((await api.post(`/api/flows/${leadFlowId}/unpublish`)).status).toBe(200);
    expect((await deliver('lead-form', JSON.stringify({ name: 'Late' }))).status).toBe(404);
  });
});
