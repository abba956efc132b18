import { createHmac } from 'node:crypto';
import { SECRET_SET_MARKER } from '@switchboard/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metaMessagesPayload, metaSignature, postWebhook } from '../testing/meta-webhook';
import { FlowsService } from '../modules/flows/flows.service';
import { TestEngine, type ApiClient, type DraftGraph } from '../testing/test-engine';

const SECRET = 'whsec-namespaces-0123456789';
const sign = (text: string, secret = SECRET) => `sha256=${createHmac('sha256', secret).update(text).digest('hex')}`;
const now = () => Math.floor(Date.now() / 1000);

/** A webhook flow: the trigger, then `flow.set` keeping the posted name. */
const hookFlow = (path: string, extra: Record<string, unknown> = {}) => ({
  nodes: [
    { id: 'hook', type: 'webhook.received', config: { path, ...extra } },
    { id: 'keep', type: 'flow.set', config: { values: { name: '{{trigger.body.name}}' } } },
  ],
  edges: [{ id: 'e1', source: 'hook', target: 'keep' }],
});

describe('webhook namespaces that cannot be squatted', () => {
  let engine: TestEngine;
  let api: ApiClient;
  let other: ApiClient;
  let tokenA: string;
  let tokenB: string;

  /** Posts like a caller would: no API key; `target` is what follows /webhooks/in/. */
  const deliver = async (target: string, body: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${api.baseUrl}/webhooks/in/${target}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
  const create = async (client: ApiClient, name: string, graph: DraftGraph) => {
    const created = await client.post('/api/flows', { name, graph });
    expect(created.status).toBe(201);
    return created.body.id as string;
  };
  const publish = async (client: ApiClient, id: string) => {
    const published = await client.post(`/api/flows/${id}/publish`);
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    return published.body;
  };

  beforeAll(async () => {
    engine = await TestEngine.start();
    api = engine.api;
    other = await engine.otherWorkspace();
    tokenA = (await api.get('/api/workspace')).body.webhookToken;
    tokenB = (await other.get('/api/workspace')).body.webhookToken;
  });
  afterAll(() => engine?.stop());

  it('gives every workspace its own unguessable webhook token and base URL', async () => {
    const workspace = (await api.get('/api/workspace')).body;
    expect(workspace.webhookToken).toMatch(/^wh_[0-9a-f]{32}$/);
    expect(workspace.webhookBaseUrl).toBe(`https://flows.example.test/webhooks/in/${workspace.webhookToken}`);
    expect(tokenB).toMatch(/^wh_[0-9a-f]{32}$/);
    expect(tokenB).not.toBe(tokenA);
    // A path cannot pose as a token.
    const posing = await api.post('/api/flows', { name: 'Posing', graph: hookFlow(`${tokenB}/lead`) });
    expect(posing.body.problems).toEqual([expect.objectContaining({ nodeId: 'hook', field: 'config.path', message: expect.stringContaining('wh_') })]);
  });

  it("keeps a path's token-less URL with the workspace that published it first, even unpublished", async () => {
    const ours = await create(api, 'Our claimed form', hookFlow('claimed-form'));
    expect((await publish(api, ours)).webhook).toEqual({
      path: 'claimed-form',
      url: `https://flows.example.test/webhooks/in/${tokenA}/claimed-form`,
      legacyUrl: 'https://flows.example.test/webhooks/in/claimed-form',
    });
    expect((await api.post(`/api/flows/${ours}/unpublish`)).status).toBe(200);

    // Workspace B may use the same path, but only at its own token URL.
    const theirs = await create(other, 'Their claimed form', hookFlow('claimed-form'));
    expect((await publish(other, theirs)).webhook).toEqual({ path: 'claimed-form', url: `https://flows.example.test/webhooks/in/${tokenB}/claimed-form`, legacyUrl: null });
    expect((await deliver('claimed-form', JSON.stringify({ name: 'Caller of A' }))).status).toBe(404);
    expect((await deliver(`${tokenA}/claimed-form`, JSON.stringify({ name: 'Caller of A' }))).status).toBe(404);
    expect((await other.get(`/api/runs?flowId=${theirs}`)).body.runs).toEqual([]);

    const atB = await deliver(`${tokenB}/claimed-form`, JSON.stringify({ name: 'Caller of B' }));
    expect(atB).toMatchObject({ status: 202, body: { runs: [{ flowId: theirs }] } });
    expect((await other.waitForRun(atB.body.runs[0].runId)).steps.find((step: any) => step.nodeId === 'keep')!.output).toEqual({ name: 'Caller of B' });

    // A publishes again: its token URL and its legacy URL reach A only.
    await publish(api, ours);
    for (const target of [`${tokenA}/claimed-form`, 'claimed-form']) {
      const answer = await deliver(target, JSON.stringify({ name: 'Caller of A' }));
      expect(answer, target).toMatchObject({ status: 202, body: { runs: [{ flowId: ours }] } });
    }
    expect((await other.get(`/api/runs?flowId=${theirs}`)).body.runs).toHaveLength(1);
    // A token does not reach another workspace's paths, nor an unknown token anything.
    const onlyA = await create(api, 'Only in A', hookFlow('only-in-a'));
    await publish(api, onlyA);
    expect((await deliver(`${tokenB}/only-in-a`, '{}')).status).toBe(404);
    expect((await deliver(`wh_${'0'.repeat(32)}/only-in-a`, '{}')).status).toBe(404);
    expect((await deliver(tokenA, '{}')).status).toBe(404);
  });

  it('stores the trigger secret encrypted and never answers or exports it; signing still works', async () => {
    const id = await create(api, 'Signed form', hookFlow('signed-form', { secret: SECRET }));
    const texts: string[] = [];
    const read = async (path: string) => {
      const response = await fetch(`${api.baseUrl}${path}`, { headers: { authorization: `Bearer ${api.apiKey}` } });
      const text = await response.text();
      expect(response.status, path).toBe(200);
      texts.push(text);
      return JSON.parse(text);
    };
    const flow = await read(`/api/flows/${id}`);
    expect(flow.graph.nodes[0].config.secret).toBe(SECRET_SET_MARKER);
    expect(flow.problems).toEqual([]);

    // Saving the draft as it was read keeps the secret.
    const saved = await api.put(`/api/flows/${id}`, { name: 'Signed form (renamed)', graph: flow.graph });
    expect(saved.body).toMatchObject({ valid: true, name: 'Signed form (renamed)' });
    expect(saved.body.graph.nodes[0].config.secret).toBe(SECRET_SET_MARKER);
    await publish(api, id);
    await read(`/api/flows/${id}`);
    await read('/api/flows');
    await read(`/api/flows/${id}/versions`);
    expect((await read(`/api/flows/${id}/versions/1`)).graph.nodes[0].config.secret).toBe(SECRET_SET_MARKER);
    const exported = await read(`/api/flows/${id}/export`);
    for (const text of texts) expect(text).not.toContain(SECRET);
    const stored = await engine.environment.sql<{ text: string }>(
      `SELECT graph::text AS text FROM flows WHERE id = $1 UNION ALL SELECT graph::text FROM flow_versions WHERE flow_id = $1`,
      [id],
    );
    expect(stored.length).toBeGreaterThanOrEqual(2);
    for (const row of stored) {
      expect(row.text).not.toContain(SECRET);
      expect(row.text).toContain('"secret": "enc:v1.');
    }

    const body = JSON.stringify({ name: 'Riya' });
    expect((await deliver('signed-form', body)).status).toBe(401);
    const signed = await deliver('signed-form', body, { 'x-signature-256': sign(body) });
    expect(signed.status).toBe(202);
    await api.waitForRun(signed.body.runs[0].runId);
    expect(await (await fetch(`${api.baseUrl}/api/runs/${signed.body.runs[0].runId}`, { headers: { authorization: `Bearer ${api.apiKey}` } })).text()).not.toContain(SECRET);

    // An imported copy carries only the marker: it asks for the secret again and cannot be published unsigned.
    const imported = await api.post('/api/flows/import', exported);
    expect(imported.body.problems).toEqual([expect.objectContaining({ nodeId: 'hook', field: 'config.secret', message: expect.stringContaining('enter the secret again') })]);
    expect((await api.post(`/api/flows/${imported.body.id}/publish`)).body.error?.code).toBe('GRAPH_INVALID');

    // A new string replaces the secret; leaving it out removes it.
    const replaced = hookFlow('signed-form', { secret: 'another-secret-0123456789' });
    await api.put(`/api/flows/${id}`, { graph: replaced });
    await publish(api, id);
    expect((await deliver('signed-form', body, { 'x-signature-256': sign(body) })).status).toBe(401);
    expect((await deliver('signed-form', body, { 'x-signature-256': sign(body, 'another-secret-0123456789') })).status).toBe(202);
    await api.put(`/api/flows/${id}`, { graph: hookFlow('signed-form') });
    await publish(api, id);
    expect((await deliver('signed-form', body)).status).toBe(202);
  });

  it('still verifies a secret stored in plain text before secrets were sealed', async () => {
    const id = await create(api, 'Old signed form', hookFlow('old-signed-form'));
    await publish(api, id);
    const plain = JSON.stringify(hookFlow('old-signed-form', { secret: SECRET }));
    await engine.environment.sql(`UPDATE flow_versions SET graph = $2::jsonb WHERE flow_id = $1`, [id, plain]);
    await engine.environment.sql(`UPDATE flows SET graph = $2::jsonb WHERE id = $1`, [id, plain]);
    const body = JSON.stringify({ name: 'Old caller' });
    expect((await deliver('old-signed-form', body)).status).toBe(401);
    expect((await deliver('old-signed-form', body, { 'x-signature-256': sign(body) })).status).toBe(202);
    const read = await fetch(`${api.baseUrl}/api/flows/${id}`, { headers: { authorization: `Bearer ${api.apiKey}` } });
    expect(await read.text()).not.toContain(SECRET);
    // The next start seals it where it is stored; callers sign as before.
    await engine.engine.app.get(FlowsService).onApplicationBootstrap();
    const stored = await engine.environment.sql<{ text: string }>(`SELECT graph::text AS text FROM flows WHERE id = $1 UNION ALL SELECT graph::text FROM flow_versions WHERE flow_id = $1`, [id]);
    expect(stored).toHaveLength(2);
    for (const row of stored) expect(row.text).not.toContain(SECRET);
    expect((await deliver('old-signed-form', body, { 'x-signature-256': sign(body) })).status).toBe(202);
  });

  it('refuses timestamped signatures outside five minutes and replays, and body-only ones where a timestamp is required', async () => {
    await publish(api, await create(api, 'Timed form', hookFlow('timed-form', { secret: SECRET })));
    const body = JSON.stringify({ name: 'Timed' });
    const timed = (at: number, text = body) => ({ 'x-signature-timestamp': String(at), 'x-signature-256': sign(`${at}.${text}`) });

    const old = await deliver('timed-form', body, timed(now() - 301));
    expect(old).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHORIZED', message: expect.stringContaining('X-Signature-Timestamp') } } });
    expect((await deliver('timed-form', body, timed(now() + 400))).status).toBe(401);

    const fresh = timed(now());
    expect((await deliver('timed-form', body, fresh)).status).toBe(202);
    const replay = await deliver('timed-form', body, fresh);
    expect(replay).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHORIZED', message: expect.stringContaining('received before') } } });
    // The contract's body-only signature still works on this trigger.
    expect((await deliver('timed-form', body, { 'x-signature-256': sign(body) })).status).toBe(202);

    await publish(api, await create(api, 'Strict form', hookFlow('strict-form', { secret: SECRET, requireTimestamp: true })));
    const bodyOnly = await deliver('strict-form', body, { 'x-signature-256': sign(body) });
    expect(bodyOnly).toMatchObject({ status: 401, body: { error: { message: expect.stringContaining('requires a timestamped signature') } } });
    const strictBody = JSON.stringify({ name: 'Strict' });
    expect((await deliver('strict-form', strictBody, timed(now(), strictBody))).status).toBe(202);
  });

  it("routes a Meta change for another phone_number_id to the workspace's connection with that number, else drops it", async () => {
    const meta = (client: ApiClient, name: string, phoneNumberId: string) =>
      client.post('/api/connections', {
        name,
        provider: 'whatsapp.meta',
        config: { accessToken: 'EAAJB-token', phoneNumberId, wabaId: '102290129340398', appSecret: 'app-secret', verifyToken: 'verify-me', baseUrl: 'https://graph.example.test' },
      });
    const first = (await meta(api, 'First number', '111111111111111')).body.id as string;
    const second = (await meta(api, 'Second number', '222222222222222')).body.id as string;
    const theirs = (await meta(other, 'Their number', '333333333333333')).body.id as string;
    expect([first, second, theirs].every(Boolean)).toBe(true);

    const post = async (phoneNumberId: string, id: string) => {
      const raw = JSON.stringify(metaMessagesPayload(phoneNumberId, [{ id, from: '+14155550177', text: `for ${phoneNumberId}` }]));
      expect(await postWebhook(api.baseUrl, first, raw, { 'x-hub-signature-256': metaSignature(raw, 'app-secret') })).toEqual({ status: 200, body: { received: true } });
    };
    await post('222222222222222', 'wamid.to-second');
    await post('333333333333333', 'wamid.to-theirs');
    await post('999999999999999', 'wamid.to-nobody');
    await post('111111111111111', 'wamid.to-first');
    await expect
      .poll(async () => (await engine.environment.sql<{ n: number }>(`SELECT count(*)::int AS n FROM webhook_deliveries WHERE connection_id = $1 AND status = 'processed'`, [first]))[0]!.n, { timeout: 10_000 })
      .toBe(4);
    const stored = await engine.environment.sql(`SELECT provider_message_id, connection_id FROM messages WHERE direction = 'inbound' AND provider_message_id LIKE 'wamid.to-%' ORDER BY provider_message_id`);
    expect(stored).toEqual([
      { provider_message_id: 'wamid.to-first', connection_id: first },
      { provider_message_id: 'wamid.to-second', connection_id: second },
    ]);
    const metrics = await (await fetch(`${api.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/switchboard_webhook_items_dropped_total\{provider="whatsapp.meta",reason="phone_number_id"\} 2/);
  });
});
