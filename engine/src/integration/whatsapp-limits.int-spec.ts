import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeMeta, type FakeProvider } from '../testing/fake-providers';
import { metaMessagesPayload, metaSignature, metaStatusPayload, postWebhook } from '../testing/meta-webhook';
import { TestEngine, type ApiClient } from '../testing/test-engine';

const PAIRED_NUMBER_ID = '106540352242922';
const DAILY_NUMBER_ID = '106540352242933';
const WABA_ID = '102290129340398';
const APP_SECRET = 'meta-app-secret';
const PAIR_INTERVAL_S = 2;
/**
 * The spacing is kept between the reservations of the two sends (Redis's clock); the first
 * request reaches the fake server a few milliseconds after its reservation, so its arrival may
 * be that much later than the slot the second was spaced from.
 */
const ARRIVAL_JITTER_MS = 100;

const stepOf = (run: any, nodeId: string) => run.steps.find((step: any) => step.nodeId === nodeId);
const templates = [
  { name: 'appointment_confirmation', body: 'Hi {{1}}, your appointment is confirmed.' },
  { name: 'promo_offer', category: 'MARKETING', body: 'Hi {{1}}, 20% off this week!' },
];

/**
 * Meta's limits paced inside the engine (docs/whatsapp/limits.md): the pair rate to one customer,
 * the per-user marketing limit (131049), a 131056 backing a pair off, the daily limit of unique
 * customers in business-initiated conversations, and the tier and quality shown on the connection.
 */
describe("Meta's sending limits", () => {
  let engine: TestEngine;
  let api: ApiClient;
  let paired: FakeProvider;
  let daily: FakeProvider;
  let pairedId: string;
  let dailyId: string;

  const signed = (connectionId: string, payload: unknown) => {
    const raw = JSON.stringify(payload);
    return postWebhook(api.baseUrl, connectionId, raw, { 'x-hub-signature-256': metaSignature(raw, APP_SECRET) });
  };

  /** A published manual flow of send nodes one after the other; returns a function that runs it. */
  const flow = async (name: string, sends: Array<{ id: string; connectionId: string; to: string; template?: string }>, retry?: Record<string, unknown>) => {
    const nodes = sends.map((send) => ({
      id: send.id,
      type: 'whatsapp.send_template',
      config: { connectionId: send.connectionId, template: send.template ?? 'appointment_confirmation', language: 'en', to: send.to, parameters: ['Anna'] },
      ...(retry ? { retry } : {}),
    }));
    const ids = ['start', ...sends.map((send) => send.id)];
    const flowId = await api.publish(name, {
      nodes: [{ id: 'start', type: 'manual', config: {} }, ...nodes],
      edges: ids.slice(1).map((id, index) => ({ id: `e${index}`, source: ids[index]!, target: id })),
    });
    return async () => (await api.post(`/api/flows/${flowId}/run`, { data: {} })).body.runId as string;
  };

  const limitWaits = (runId: string) =>
    engine.environment.sql<{ node_id: string }>(`SELECT node_id FROM waitpoints WHERE run_id = $1 AND kind = 'retry' AND payload->>'deferred' = 'false'`, [runId]);

  const connect = async (name: string, phoneNumberId: string, baseUrl: string, config: Record<string, unknown>) => {
    const created = await api.post('/api/connections', {
      name,
      provider: 'whatsapp.meta',
      config: { accessToken: 'EAAJB-test-token', phoneNumberId, wabaId: WABA_ID, appSecret: APP_SECRET, verifyToken: 'verify-me', baseUrl, ...config },
    });
    expect(created.status).toBe(201);
    return created.body.id as string;
  };

  beforeAll(async () => {
    paired = await fakeMeta({
      phoneNumberId: PAIRED_NUMBER_ID,
      wabaId: WABA_ID,
      templates,
      number: { quality_rating: 'GREEN', throughput: { level: 'STANDARD' }, whatsapp_business_manager_messaging_limit: 'TIER_250' },
    }).start();
    daily = await fakeMeta({ phoneNumberId: DAILY_NUMBER_ID, wabaId: WABA_ID, templates }).start();
    engine = await TestEngine.start();
    api = engine.api;
    pairedId = await connect('Paired sender', PAIRED_NUMBER_ID, paired.url, { pairIntervalSeconds: PAIR_INTERVAL_S, pairBurst: 1 });
    dailyId = await connect('Daily-limited sender', DAILY_NUMBER_ID, daily.url, { dailyCustomerLimit: 2 });
  });
  afterAll(async () => {
    await engine?.stop();
    await paired?.stop();
    await daily?.stop();
  });

  it('spaces two messages to one customer by the pair interval, in order, and delivers both; other customers are not held back', async () => {
    const run = await flow('Two to one customer', [
      { id: 'first', connectionId: pairedId, to: '+14155550101' },
      { id: 'second', connectionId: pairedId, to: '+14155550101' },
    ]);
    const before = paired.sends('/messages').length;
    const done = await api.waitForRun(await run(), undefined, 20_000);
    expect(done.status).toBe('succeeded');
    expect(stepOf(done, 'first')).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(stepOf(done, 'second')).toMatchObject({ status: 'succeeded', attempts: 1 });
    // The second waited durably for its slot, and spent no attempt on it.
    expect((await limitWaits(done.id)).map((row) => row.node_id)).toEqual(['second']);
    const [first, second] = paired.sends('/messages').slice(before);
    expect(paired.sends('/messages').length).toBe(before + 2);
    expect(first!.body.biz_opaque_callback_data).toBe(`${done.id}:first:`);
    expect(second!.body.biz_opaque_callback_data).toBe(`${done.id}:second:`);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(PAIR_INTERVAL_S * 1000 - ARRIVAL_JITTER_MS);

    const spread = await api.waitForRun(
      await (
        await flow('Two customers', [
          { id: 'first', connectionId: pairedId, to: '+14155550102' },
          { id: 'second', connectionId: pairedId, to: '+14155550103' },
        ])
      )(),
    );
    expect(spread.status).toBe('succeeded');
    expect(await limitWaits(spread.id)).toEqual([]);

    const metrics = await (await fetch(`${api.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/switchboard_rate_limit_deferrals_total\{group="whatsapp_pair"\} [1-9]/);
  });

  it("ends a send Meta held back for the customer's marketing limit (131049) with MARKETING_LIMIT, without retrying it", async () => {
    const run = await flow('Promo', [{ id: 'send', connectionId: pairedId, to: '+14155550110', template: 'promo_offer' }], { attempts: 3, backoffMs: 50 });
    const before = paired.sends('/messages').length;
    paired.nextSends.push({ status: 400, body: { error: { message: '(#131049) This message was not delivered to maintain healthy ecosystem engagement.', code: 131049, fbtrace_id: 'x' } } });
    const done = await api.waitForRun(await run());
    expect(stepOf(done, 'send')).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'MARKETING_LIMIT', retryable: false, message: expect.stringContaining('marketing') } });
    expect(paired.sends('/messages').length).toBe(before + 1);
    const [message] = (await api.get(`/api/messages?runId=${done.id}`)).body.messages;
    expect(message).toMatchObject({ status: 'failed', error: { code: 'MARKETING_LIMIT' } });

    // Meta can also take the message and report the same later, in a failed status.
    const later = await flow('Promo, reported later', [{ id: 'send', connectionId: pairedId, to: '+14155550111', template: 'promo_offer' }]);
    const sent = await api.waitForRun(await later());
    expect(sent.status).toBe('succeeded');
    const wamid = stepOf(sent, 'send').output.providerMessageId;
    await signed(pairedId, metaStatusPayload(PAIRED_NUMBER_ID, [{ id: wamid, status: 'failed', recipient: '+14155550111', errors: [{ code: 131049, title: 'This message was not delivered to maintain healthy ecosystem engagement.' }] }]));
    await expect
      .poll(async () => (await api.get(`/api/messages?runId=${sent.id}`)).body.messages[0], { timeout: 5000 })
      .toMatchObject({ status: 'failed', error: { code: 'MARKETING_LIMIT', retryable: false } });
  });

  it('backs a pair off after a 131056 and then sends', async () => {
    const run = await flow('Pair rate hit', [{ id: 'send', connectionId: pairedId, to: '+14155550120' }], { attempts: 3, backoffMs: 50 });
    const before = paired.sends('/messages').length;
    paired.nextSends.push({ status: 400, body: { error: { message: '(#131056) (Business Account, Consumer Account) pair rate limit hit', code: 131056, fbtrace_id: 'x' } } });
    const done = await api.waitForRun(await run(), undefined, 30_000);
    expect(done.status).toBe('succeeded');
    expect(stepOf(done, 'send')).toMatchObject({ status: 'succeeded', attempts: 2, error: null });
    const [refused, accepted] = paired.sends('/messages').slice(before);
    expect(paired.sends('/messages').length).toBe(before + 2);
    // The retry (after 50 ms) found the pair backed off: 4 s after a first 131056, more than the pair interval.
    expect(await limitWaits(done.id)).toHaveLength(1);
    expect(accepted!.at - refused!.at).toBeGreaterThanOrEqual(4000 - ARRIVAL_JITTER_MS);
  });

  it('holds a business-initiated template to a third customer back when the daily limit is two; customers already counted and replies in an open window pass', async () => {
    const send = (to: string) => flow(`Daily ${to}`, [{ id: 'send', connectionId: dailyId, to }]).then((run) => run());
    for (const to of ['+14155550201', '+14155550202']) {
      expect((await api.waitForRun(await send(to))).status).toBe('succeeded');
    }
    const third = await api.waitForRun(await send('+14155550203'), (run) => stepOf(run, 'send')?.status === 'waiting');
    expect(third.status).toBe('waiting');
    const [wait] = await engine.environment.sql<{ hours: number }>(
      `SELECT extract(epoch FROM wake_at - now()) / 3600 AS hours FROM waitpoints WHERE run_id = $1 AND kind = 'retry' AND payload->>'deferred' = 'false'`,
      [third.id],
    );
    expect(Number(wait!.hours)).toBeGreaterThan(23);
    expect(daily.sends('/messages').map((request) => request.body.to)).not.toContain('14155550203');

    // Counted already: passes.
    expect((await api.waitForRun(await send('+14155550201'))).status).toBe('succeeded');
    // A customer who wrote in has an open window: a template to them is no business-initiated conversation.
    await signed(dailyId, metaMessagesPayload(DAILY_NUMBER_ID, [{ id: 'wamid.inbound-daily-1', from: '+14155550204', text: 'Hello' }]));
    await expect
      .poll(async () => (await engine.environment.sql<{ n: number }>(`SELECT count(*)::int AS n FROM messages WHERE connection_id = $1 AND direction = 'inbound'`, [dailyId]))[0]!.n, { timeout: 5000 })
      .toBe(1);
    expect((await api.waitForRun(await send('+14155550204'))).status).toBe('succeeded');

    const { body } = await api.get(`/api/connections/${dailyId}`);
    expect(body.limits).toMatchObject({ dailyCustomerLimit: 2, customersLast24h: 2, pairIntervalSeconds: 6, pairBurst: 45, throughputPerSecond: 80 });
    const metrics = await (await fetch(`${api.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/switchboard_rate_limit_deferrals_total\{group="whatsapp_daily"\} [1-9]/);
  });

  it('learns the tier and quality when a sender is tested, before its first send', async () => {
    const fresh = await connect('Fresh sender', PAIRED_NUMBER_ID, paired.url, {});
    expect((await api.get(`/api/connections/${fresh}`)).body.limits).toMatchObject({ tier: null, qualityRating: null, updatedAt: null, customersLast24h: 0 });
    expect((await api.post(`/api/connections/${fresh}/templates/sync`)).status).toBe(200);
    expect((await api.get(`/api/connections/${fresh}`)).body.limits).toMatchObject({ tier: 'TIER_250', dailyCustomerLimit: 250, qualityRating: 'GREEN', throughputPerSecond: 80 });
  });

  it("shows the tier and quality Meta reports, and takes changes from the quality webhook", async () => {
    // The health check before a send read the number's tier, quality and throughput.
    await expect
      .poll(async () => (await api.get(`/api/connections/${pairedId}`)).body.limits, { timeout: 5000 })
      .toMatchObject({ tier: 'TIER_250', dailyCustomerLimit: 250, qualityRating: 'GREEN', throughputPerSecond: 80, pairIntervalSeconds: PAIR_INTERVAL_S, pairBurst: 1, updatedAt: expect.any(String) });
    const update = (value: Record<string, unknown>) => ({
      object: 'whatsapp_business_account',
      entry: [{ id: WABA_ID, time: Math.floor(Date.now() / 1000), changes: [{ field: 'phone_number_quality_update', value: { display_phone_number: '15550783881', ...value } }] }],
    });
    expect((await signed(pairedId, update({ event: 'UPGRADE', old_limit: 'TIER_250', current_limit: 'TIER_2K' }))).status).toBe(200);
    await expect.poll(async () => (await api.get(`/api/connections/${pairedId}`)).body.limits, { timeout: 5000 }).toMatchObject({ tier: 'TIER_2K', dailyCustomerLimit: 2000, qualityRating: 'GREEN' });
    await signed(pairedId, update({ event: 'THROUGHPUT_UPGRADE', current_limit: 'TIER_UNLIMITED' }));
    await expect
      .poll(async () => (await api.get(`/api/connections/${pairedId}`)).body.limits, { timeout: 5000 })
      .toMatchObject({ tier: 'TIER_UNLIMITED', dailyCustomerLimit: null, throughputPerSecond: 1000 });
    const { body } = await api.get('/api/connections');
    expect(body.connections.find((connection: any) => connection.id === pairedId)?.limits).toMatchObject({ tier: 'TIER_UNLIMITED' });
  });
});
