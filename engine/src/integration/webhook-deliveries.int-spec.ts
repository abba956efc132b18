import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeMeta, type FakeProvider } from '../testing/fake-providers';
import { metaSignature, metaStatusPayload, postWebhook } from '../testing/meta-webhook';
import { TestEngine, type ApiClient } from '../testing/test-engine';
import { WEBHOOK_MAX_TRIES } from '../modules/webhooks/webhook-deliveries.repository';

const PHONE_NUMBER_ID = '106540352242923';
const WABA_ID = '102290129340399';
const APP_SECRET = 'meta-app-secret';

async function until<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * A webhook delivery whose processing keeps failing (Postgres refuses, by a trigger in this
 * test's own database, to store the status it carries) is parked as `failed` after a bounded
 * number of tries, listed for its workspace only, and processed by a retry by hand once the
 * cause is gone.
 */
describe('webhook deliveries that keep failing', () => {
  let engine: TestEngine;
  let api: ApiClient;
  let meta: FakeProvider;
  let connectionId: string;

  beforeAll(async () => {
    meta = await fakeMeta({ phoneNumberId: PHONE_NUMBER_ID, wabaId: WABA_ID, templates: [] }).start();
    engine = await TestEngine.start();
    api = engine.api;
    const created = await api.post('/api/connections', {
      name: 'Meta sender',
      provider: 'whatsapp.meta',
      config: { accessToken: 'EAAJB-test-token', phoneNumberId: PHONE_NUMBER_ID, wabaId: WABA_ID, appSecret: APP_SECRET, verifyToken: 'verify-me', baseUrl: meta.url },
    });
    expect(created.status).toBe(201);
    connectionId = created.body.id;
  });
  afterAll(async () => {
    await engine?.stop();
    await meta?.stop();
  });

  it('parks a delivery as failed after the bounded tries, lists it, and processes it when retried by hand', async () => {
    await engine.environment.sql(`
      CREATE FUNCTION refuse_status() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'statuses cannot be stored (on purpose)'; END $$;
      CREATE TRIGGER refuse_status BEFORE INSERT ON message_statuses FOR EACH ROW EXECUTE FUNCTION refuse_status();`);
    const raw = JSON.stringify(metaStatusPayload(PHONE_NUMBER_ID, [{ id: 'wamid.parked-1', status: 'delivered', recipient: '4915112345678' }]));
    const posted = await postWebhook(api.baseUrl, connectionId, raw, { 'x-hub-signature-256': metaSignature(raw, APP_SECRET) });
    expect(posted.status).toBe(200);

    const [parked] = await until('the delivery to be parked', async () => {
      const rows = await engine.environment.sql<{ id: string; status: string; attempts: number; error: string }>(`SELECT id, status, attempts, error FROM webhook_deliveries`);
      return rows[0]?.status === 'failed' && rows;
    });
    expect(parked).toMatchObject({ status: 'failed', attempts: WEBHOOK_MAX_TRIES, error: expect.stringContaining('statuses cannot be stored (on purpose)') });

    // It stays parked: the sweep (every second here) queues only deliveries still to process.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const [still] = await engine.environment.sql<{ status: string; attempts: number }>(`SELECT status, attempts FROM webhook_deliveries WHERE id = $1`, [parked!.id]);
    expect(still).toEqual({ status: 'failed', attempts: WEBHOOK_MAX_TRIES });

    const listed = await api.get('/api/webhook-deliveries?status=failed');
    expect(listed.status).toBe(200);
    expect(listed.body.deliveries).toEqual([
      expect.objectContaining({ id: parked!.id, connectionId, provider: 'whatsapp.meta', status: 'failed', attempts: WEBHOOK_MAX_TRIES, error: expect.stringContaining('on purpose') }),
    ]);
    expect((await api.get('/api/webhook-deliveries')).body.deliveries).toHaveLength(1);
    expect((await api.get('/api/webhook-deliveries?status=lost')).status).toBe(400);

    // Another workspace neither sees nor retries it.
    const other = await engine.otherWorkspace();
    expect((await other.get('/api/webhook-deliveries?status=failed')).body.deliveries).toEqual([]);
    expect((await other.post(`/api/webhook-deliveries/${parked!.id}/retry`)).status).toBe(404);

    await engine.environment.sql(`DROP TRIGGER refuse_status ON message_statuses; DROP FUNCTION refuse_status();`);
    const retried = await api.post(`/api/webhook-deliveries/${parked!.id}/retry`);
    expect(retried.status).toBe(202);
    expect(retried.body).toMatchObject({ id: parked!.id, status: 'received', attempts: 0, error: null });

    await until('the retried delivery to be processed', async () => {
      const rows = await engine.environment.sql<{ status: string }>(`SELECT status FROM webhook_deliveries WHERE id = $1`, [parked!.id]);
      return rows[0]?.status === 'processed';
    });
    const statuses = await engine.environment.sql(`SELECT status FROM message_statuses WHERE provider_message_id = 'wamid.parked-1'`);
    expect(statuses).toEqual([{ status: 'delivered' }]);
    expect((await api.get('/api/webhook-deliveries?status=failed')).body.deliveries).toEqual([]);
    // A delivery that has not failed is not retried.
    expect((await api.post(`/api/webhook-deliveries/${parked!.id}/retry`)).status).toBe(409);
  });
});
