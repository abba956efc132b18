import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VOICE_FIXTURES, type VoiceFixture } from '../testing/voice-fixtures';
import { synthflowApiAnswer } from '../testing/voice-fixtures/synthflow';
import { TestEngine, type ApiClient } from '../testing/test-engine';

const TWO_HOURS_MS = 2 * 60 * 60 * 1000;

/**
 * Every voice platform's documented post-call payload through `POST /webhooks/voice/:id`, by the
 * same table: verified the platform's way, normalised into call.completed, deduplicated, and
 * filtered by call type.
 */
describe('voice platform webhooks', () => {
  let engine: TestEngine;
  let api: ApiClient;
  const flows = { all: '', connected: '', notConnected: '' };

  const graph = (callType: string) => ({
    nodes: [
      { id: 'call', type: 'call.completed', config: { callType } },
      { id: 'note', type: 'flow.set', config: { values: { call_id: '{{trigger.call.id}}' } } },
    ],
    edges: [{ id: 'e1', source: 'call', target: 'note' }],
  });

  /** Synthflow's API, which its adapter asks for the call it was told about (its body is not signed). */
  let synthflowApi: Server;
  let synthflowBaseUrl = '';
  const configOf = (fixture: VoiceFixture) => (fixture.provider === 'voice.synthflow' ? { ...fixture.config, baseUrl: synthflowBaseUrl } : fixture.config);

  beforeAll(async () => {
    synthflowApi = createServer((req, res) => {
      const id = /^\/v2\/calls\/([^/?]+)/.exec(req.url ?? '')?.[1];
      const answer = id && req.headers.authorization === 'Bearer synthflow-test-api-key' ? synthflowApiAnswer(decodeURIComponent(id)) : undefined;
      res.writeHead(answer?.status ?? 404, { 'content-type': 'application/json' }).end(JSON.stringify(answer?.body ?? { status: 'error', message: 'not found' }));
    });
    await new Promise<void>((resolve) => synthflowApi.listen(0, '127.0.0.1', resolve));
    synthflowBaseUrl = `http://127.0.0.1:${(synthflowApi.address() as AddressInfo).port}`;
    engine = await TestEngine.start();
    api = engine.api;
    flows.all = await api.publish('Every call', graph('all'));
    flows.connected = await api.publish('Connected calls', graph('connected'));
    flows.notConnected = await api.publish('Missed calls', graph('not_connected'));
  });
  afterAll(async () => {
    await engine?.stop();
    synthflowApi?.close();
  });

  const post = async (connectionId: string, payload: unknown, sign?: (raw: Buffer) => { headers?: Record<string, string>; query?: Record<string, string> }) => {
    const raw = Buffer.from(JSON.stringify(payload));
    const signed = sign ? sign(raw) : {};
    const query = new URLSearchParams(signed.query ?? {}).toString();
    const response = await fetch(`${api.baseUrl}/webhooks/voice/${connectionId}${query ? `?${query}` : ''}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signed.headers },
      body: raw,
    });
    return { status: response.status, body: (await response.json()) as any };
  };
  const eventRow = async (eventId: string) =>
    (await engine.environment.sql<{ data: any; raw: any; source: string }>(`SELECT data, raw, source FROM events WHERE external_id = $1`, [eventId]))[0]!;
  const runCount = async (eventId: string) => Number((await engine.environment.sql<{ n: string }>(`SELECT count(*) AS n FROM runs r JOIN events e ON e.id = r.event_id WHERE e.external_id = $1`, [eventId]))[0]!.n);
  const eventCount = async (source: string) => Number((await engine.environment.sql<{ n: string }>(`SELECT count(*) AS n FROM events WHERE source = $1`, [source]))[0]!.n);

  describe.each(VOICE_FIXTURES.map((fixture) => [fixture.provider, fixture] as const))('%s', (provider, fixture: VoiceFixture) => {
    let connectionId: string;
    /** The connection's config as the platform knows it: the fixture's, plus a token the engine generated. */
    let config: Record<string, unknown>;
    const source = `voice:${provider.replace(/^voice\./, '')}`;

    beforeAll(async () => {
      const created = await api.post('/api/connections', { name: provider, provider, config: configOf(fixture) });
      expect(created.status).toBe(201);
      connectionId = created.body.id;
      expect(created.body.webhookUrl ?? '').toMatch(new RegExp(`/webhooks/voice/${connectionId}(\\?token=[A-Za-z0-9_-]+)?$`));
      // Secrets are write-only: named, never returned.
      for (const [field, value] of Object.entries(fixture.config)) if (typeof value === 'string' && created.body.secrets.includes(field)) expect(JSON.stringify(created.body.config)).not.toContain(value);
      const token = new URL(created.body.webhookUrl!).searchParams.get('token');
      config = token ? { ...configOf(fixture), token } : { ...configOf(fixture) };
    });

    it('starts the flows once with the normalised call, and keeps the payload without credentials', async () => {
      const payload = fixture.answered();
      const now = Date.now();
      const first = await post(connectionId, payload, (raw) => fixture.sign(raw, config, now));
      expect(first.status).toBe(200);
      expect(first.body.duplicate).toBeUndefined();
      expect(first.body.runs.map((run: { flowId: string }) => run.flowId).sort()).toEqual([flows.all, flows.connected].sort());
      for (const run of first.body.runs) expect((await api.waitForRun(run.runId)).status).toBe('succeeded');

      const row = await eventRow(first.body.eventId);
      expect(row.source).toBe(source);
      expect(row.data.call).toMatchObject({ id: fixture.expected.callId, direction: fixture.expected.direction, connected: true, status: 'completed' });
      expect(row.data.customer.phone).toBe(fixture.expected.customerPhone);
      expect(row.data.transcript.length).toBeGreaterThan(0);
      for (const turn of row.data.transcript) expect(['agent', 'customer']).toContain(turn.role);
      expect(row.data.platform).toMatchObject({ name: source.slice('voice:'.length), connectionId });
      // The payload as sent, minus credentials: none of the connection's secrets, no provider token.
      expect(Object.keys(row.raw ?? {})).toHaveLength(1);
      const stored = JSON.stringify(row.raw);
      for (const value of Object.values(config)) if (typeof value === 'string') expect(stored).not.toContain(value);
      expect(stored).not.toContain('twilio-auth-token-never-stored');

      // The same delivery again (a platform's retry): one run per flow, the first delivery's.
      const again = await post(connectionId, payload, (raw) => fixture.sign(raw, config, now));
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ eventId: first.body.eventId, duplicate: true });
      expect(await runCount(first.body.eventId)).toBe(2);
    });

    it('refuses an unsigned, a wrongly signed and (where signed with a time) a stale delivery with 401, starting nothing', async () => {
      const payload = fixture.notAnswered?.() ?? fixture.answered();
      const before = await eventCount(source);
      const unsigned = await post(connectionId, payload);
      expect(unsigned.status).toBe(401);
      expect(unsigned.body.error.code).toBe('UNAUTHORIZED');

      const wrong = Object.fromEntries(Object.entries(config).map(([key, value]) => [key, typeof value === 'string' ? `${value}x` : value]));
      expect((await post(connectionId, payload, (raw) => fixture.sign(raw, wrong, Date.now()))).status).toBe(401);

      // Platforms whose signature carries a time: one from two hours ago is stale.
      const raw = Buffer.from(JSON.stringify(payload));
      const old = Date.now() - TWO_HOURS_MS;
      if (JSON.stringify(fixture.sign(raw, config, old)) !== JSON.stringify(fixture.sign(raw, config, Date.now()))) {
        expect((await post(connectionId, payload, (body) => fixture.sign(body, config, old))).status).toBe(401);
      }
      expect(await eventCount(source)).toBe(before);
    });

    it.runIf(fixture.notAnswered !== undefined)('reports a call nobody answered as not connected: missed-call flows start, connected-only ones say why not', async () => {
      const answer = await post(connectionId, fixture.notAnswered!(), (raw) => fixture.sign(raw, config, Date.now()));
      expect(answer.status).toBe(200);
      expect(answer.body.runs.map((run: { flowId: string }) => run.flowId).sort()).toEqual([flows.all, flows.notConnected].sort());
      const row = await eventRow(answer.body.eventId);
      expect(row.data.call.connected).toBe(false);
      expect(row.data.call.status).not.toBe('completed');
      const { body } = await api.get(`/api/activity?eventId=${encodeURIComponent(answer.body.eventId)}`);
      expect(body.entries[0].flows.find((flow: { flowId: string }) => flow.flowId === flows.connected)).toMatchObject({
        started: false,
        reason: { code: 'CALL_TYPE_MISMATCH', details: { callType: 'connected', connected: false } },
      });
    });

    it.runIf(fixture.ignored !== undefined)('acknowledges events the flows do not need with 200 and stores nothing', async () => {
      const before = await eventCount(source);
      const answer = await post(connectionId, fixture.ignored!(), (raw) => fixture.sign(raw, config, Date.now()));
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ ignored: expect.any(String) });
      expect(await eventCount(source)).toBe(before);
    });
  });

  it('gives a platform that signs nothing a generated token in its webhook URL, kept write-only and across edits', async () => {
    const created = await api.post('/api/connections', { name: 'CallKaro', provider: 'voice.callkaro', config: {} });
    expect(created.status).toBe(201);
    expect(created.body.secrets).toEqual(['token']);
    expect(created.body.config).toEqual({});
    const token = new URL(created.body.webhookUrl!).searchParams.get('token');
    expect(token).toMatch(/^[0-9a-f]{48}$/);
    const renamed = await api.patch(`/api/connections/${created.body.id}`, { name: 'CallKaro main', config: {} });
    expect(renamed.body.webhookUrl).toBe(created.body.webhookUrl);
    const refused = await api.request('POST', '/api/connections', { name: 'Bad', provider: 'voice.autocalls', config: { token: 'short' } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details).toEqual([expect.objectContaining({ field: 'config.token' })]);
  });

  it('answers 404 for an unknown connection and for a connection that is not a voice platform', async () => {
    const payload = VOICE_FIXTURES[0]!.answered();
    expect((await post(randomUUID(), payload)).status).toBe(404);
    expect((await post('not-a-uuid', payload)).status).toBe(404);
    const whatsapp = await api.sandbox();
    const answer = await post(whatsapp, payload);
    expect(answer.status).toBe(404);
    expect(answer.body.error.code).toBe('NOT_FOUND');
  });

  it('Retell: call_analyzed after call_ended is recorded on the call\'s event (analysis: update) or starts the flows again (separate)', async () => {
    const retell = VOICE_FIXTURES.find((fixture) => fixture.provider === 'voice.retell')!;
    const analyzed = retell.answered() as { event: string; call: Record<string, unknown> };
    const ended = { event: 'call_ended', call: { ...analyzed.call, call_id: 'retell-update-1', call_analysis: undefined } };
    const analysedLater = { ...analyzed, call: { ...analyzed.call, call_id: 'retell-update-1' } };
    for (const analysis of ['update', 'separate'] as const) {
      const created = await api.post('/api/connections', { name: `Retell ${analysis}`, provider: 'voice.retell', config: { ...retell.config, analysis } });
      expect(created.body.config.analysis).toBe(analysis);
      const sign = (raw: Buffer) => retell.sign(raw, retell.config, Date.now());
      const first = await post(created.body.id, ended, sign);
      const second = await post(created.body.id, analysedLater, sign);
      expect(first.body.runs).toHaveLength(2);
      if (analysis === 'update') {
        expect(second.body).toMatchObject({ eventId: first.body.eventId, duplicate: true });
        expect(Object.keys((await eventRow(first.body.eventId)).raw).sort()).toEqual(['call_analyzed', 'call_ended']);
      } else {
        expect(second.body.eventId).not.toBe(first.body.eventId);
        expect(second.body.runs).toHaveLength(2);
        expect((await eventRow(second.body.eventId)).data).toMatchObject({ summary: 'Jane booked a demo for Tuesday.', platform: { event: 'call_analyzed' } });
      }
    }
  });
});
