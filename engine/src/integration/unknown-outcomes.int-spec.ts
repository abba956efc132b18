import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { STEP_QUEUE } from '../queue/step-queue';
import { fakeHeltar, fakeMeta, type FakeProvider } from '../testing/fake-providers';
import { metaSignature, metaStatusPayload, postWebhook } from '../testing/meta-webhook';
import { PgCutter } from '../testing/pg-cutter';
import { SmtpSink } from '../testing/smtp-sink';
import { EngineProcess, TestEnvironment, type ApiClient } from '../testing/test-engine';

const PHONE_NUMBER_ID = '106540352242922';
const WABA_ID = '102290129340398';
const APP_SECRET = 'meta-app-secret';
const CUSTOMER = '+4915112345678';

const stepOf = (run: any, nodeId: string) => run.steps.find((step: any) => step.nodeId === nodeId);

/**
 * Sends whose outcome is unknown, with real processes (an API process, worker processes), a
 * local server answering as Meta's Graph API does, and status webhooks signed as Meta signs
 * them: the provider's report decides, never a blind resend; a grace period without a report
 * applies the connection's policy; a retry of the run resends on purpose; and a step handed to
 * two workers at once is executed once.
 */
describe('unknown outcomes', () => {
  let environment: TestEnvironment;
  let apiProcess: EngineProcess;
  let api: ApiClient;
  let meta: FakeProvider;
  const workers: EngineProcess[] = [];

  const startWorker = async (env: Record<string, string> = {}) => {
    const worker = await new EngineProcess(environment, { ROLE: 'worker', PROVIDER_TIMEOUT_MS: '500', ...env }).start();
    workers.push(worker);
    return worker;
  };

  beforeAll(async () => {
    meta = await fakeMeta({ phoneNumberId: PHONE_NUMBER_ID, wabaId: WABA_ID, templates: [{ name: 'appointment_confirmation', body: 'Hi {{1}}, see you on {{2}}.' }] }).start();
    environment = await new TestEnvironment().create();
    apiProcess = await new EngineProcess(environment, { ROLE: 'api' }).start();
    api = apiProcess.api();
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((worker) => worker.kill('SIGKILL')));
    await api.unpublishAll();
  });
  afterAll(async () => {
    await apiProcess?.kill('SIGTERM');
    await environment?.destroy();
    await meta?.stop();
  });

  const metaConnection = async (extra: Record<string, unknown>) => {
    const created = await api.post('/api/connections', {
      name: `Meta ${Math.random()}`,
      provider: 'whatsapp.meta',
      config: { accessToken: 'EAAJB-test-token', phoneNumberId: PHONE_NUMBER_ID, wabaId: WABA_ID, appSecret: APP_SECRET, verifyToken: 'verify-me', baseUrl: meta.url, ...extra },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body.id as string;
  };

  /** A published manual flow that sends the template; returns a function that starts a run. */
  const sendFlow = async (connectionId: string) => {
    const flowId = await api.publish(`Confirm ${Math.random()}`, {
      nodes: [
        { id: 'start', type: 'manual', config: {} },
        { id: 'send', type: 'whatsapp.send_template', config: { connectionId, template: 'appointment_confirmation', language: 'en', to: CUSTOMER, parameters: ['Anna', 'Monday'] } },
      ],
      edges: [{ id: 'e1', source: 'start', target: 'send' }],
    });
    return async () => (await api.post(`/api/flows/${flowId}/run`, { data: {} })).body.runId as string;
  };

  const sendsOf = (runId: string) => meta.sends('/messages').filter((request) => String(request.body.biz_opaque_callback_data).startsWith(`${runId}:`));

  /** Meta reports the message by webhook, naming the step's key in `biz_opaque_callback_data`. */
  const report = async (connectionId: string, wamid: string, callbackData: string) => {
    const raw = JSON.stringify(metaStatusPayload(PHONE_NUMBER_ID, [{ id: wamid, status: 'sent', recipient: CUSTOMER, callbackData }]));
    expect(await postWebhook(api.baseUrl, connectionId, raw, { 'x-hub-signature-256': metaSignature(raw, APP_SECRET) })).toMatchObject({ status: 200 });
  };

  /** Meta takes the message and answers only after the engine's timeout (500 ms). */
  const answerLate = (wamid: string) => meta.nextSends.push({ status: 200, body: { messaging_product: 'whatsapp', contacts: [], messages: [{ id: wamid }] }, delayMs: 1500 });

  it('waits for the status webhook of a send whose answer came after the timeout, and sends it once', async () => {
    const connectionId = await metaConnection({ unknownOutcomeGraceMinutes: 5 });
    const start = await sendFlow(connectionId);
    await startWorker();
    answerLate('wamid.late-1');
    const runId = await start();
    const waiting = await api.waitForRun(runId, (run) => run.status === 'waiting' || ['succeeded', 'failed'].includes(run.status), 20_000);
    expect(waiting.status, JSON.stringify(waiting.error)).toBe('waiting');
    expect(stepOf(waiting, 'send').status).toBe('waiting');
    const [sent] = sendsOf(runId);
    expect(sent!.body.biz_opaque_callback_data).toBe(`${runId}:send:`);

    await report(connectionId, 'wamid.late-1', sent!.body.biz_opaque_callback_data);
    const run = await api.waitForRun(runId, undefined, 20_000);
    expect(run.status, JSON.stringify(run.error)).toBe('succeeded');
    expect(stepOf(run, 'send').output).toMatchObject({ providerMessageId: 'wamid.late-1', to: CUSTOMER });
    expect(sendsOf(runId)).toHaveLength(1);
    const [message] = await environment.sql<{ status: string; provider_message_id: string }>(`SELECT status, provider_message_id FROM messages WHERE run_id = $1`, [runId]);
    expect(message).toEqual({ status: 'sent', provider_message_id: 'wamid.late-1' });
  });

  it("completes a Heltar send that timed out from the forwarded status webhook carrying Heltar's refId", async () => {
    const heltar = await fakeHeltar({ templates: [{ name: 'appointment_confirmation', body: 'Hi {{1}}, see you on {{2}}.' }] }).start();
    try {
      const created = await api.post('/api/connections', { name: 'Heltar', provider: 'whatsapp.heltar', config: { apiKey: 'hk_live_test', webhookSecret: 'heltar-shared', baseUrl: heltar.url } });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const connectionId = created.body.id as string;
      const start = await sendFlow(connectionId);
      await startWorker();
      heltar.nextSends.push({ status: 200, body: { data: { success: { '0': { wamid: 'wamid.heltar-late', status: 'sent' } }, fail: {} } }, delayMs: 1500 });
      const runId = await start();
      await api.waitForRun(runId, (run) => run.status === 'waiting', 20_000);
      const [sent] = heltar.sends('/v1/messages/send');
      const refId = sent!.body.messages[0].refId as string;
      expect(refId).toBe(`${runId}:send:`);
      // Heltar forwards Meta's payload; the status carries the refId the send gave.
      const payload = metaStatusPayload('PHONE', [{ id: 'wamid.heltar-late', status: 'delivered', recipient: CUSTOMER }]);
      Object.assign(payload.entry[0]!.changes[0]!.value.statuses[0]!, { refId });
      expect((await postWebhook(api.baseUrl, connectionId, payload, { 'x-switchboard-secret': 'heltar-shared' })).status).toBe(200);
      const run = await api.waitForRun(runId, undefined, 20_000);
      expect(run.status, JSON.stringify(run.error)).toBe('succeeded');
      expect(stepOf(run, 'send').output).toMatchObject({ providerMessageId: 'wamid.heltar-late' });
      expect(await environment.sql(`SELECT status FROM messages WHERE run_id = $1`, [runId])).toEqual([{ status: 'delivered' }]);
      expect(heltar.sends('/v1/messages/send')).toHaveLength(1);
    } finally {
      await heltar.stop();
    }
  });

  it('ignores a report naming the key on another connection', async () => {
    const connectionId = await metaConnection({ unknownOutcomeGraceMinutes: 5 });
    const other = await metaConnection({});
    const start = await sendFlow(connectionId);
    await startWorker();
    answerLate('wamid.late-2');
    const runId = await start();
    await api.waitForRun(runId, (run) => run.status === 'waiting', 20_000);
    await report(other, 'wamid.late-2', `${runId}:send:`);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await api.get(`/api/runs/${runId}`)).body.status).toBe('waiting');
    await report(connectionId, 'wamid.late-2', `${runId}:send:`);
    expect((await api.waitForRun(runId, undefined, 20_000)).status).toBe('succeeded');
    expect(sendsOf(runId)).toHaveLength(1);
  });

  it('completes the send of a worker killed right after Meta accepted it, from the status webhook: one send', async () => {
    const connectionId = await metaConnection({ unknownOutcomeGraceMinutes: 5 });
    const start = await sendFlow(connectionId);
    const doomed = await startWorker({ SWITCHBOARD_FAULT: 'crash-after-provider-call' });
    meta.nextSends.push({ status: 200, body: { messaging_product: 'whatsapp', contacts: [], messages: [{ id: 'wamid.crash-1' }] } });
    const runId = await start();
    await doomed.exited();
    expect(sendsOf(runId)).toHaveLength(1);

    await startWorker();
    await api.waitForRun(runId, (run) => run.status === 'waiting', 30_000);
    await report(connectionId, 'wamid.crash-1', `${runId}:send:`);
    const run = await api.waitForRun(runId, undefined, 20_000);
    expect(run.status, JSON.stringify(run.error)).toBe('succeeded');
    expect(stepOf(run, 'send').output).toMatchObject({ providerMessageId: 'wamid.crash-1' });
    expect(sendsOf(runId)).toHaveLength(1);
  });

  it('sends at once when the claim committed but its answer was lost with the connection (nobody was called): one send, no wait', async () => {
    const connectionId = await metaConnection({ unknownOutcomeGraceMinutes: 5 });
    const start = await sendFlow(connectionId);
    const database = new URL(environment.databaseUrl);
    const cutter = await new PgCutter({ host: database.hostname, port: Number(database.port || 5432) }, 'claim_outbound_messages').start();
    try {
      database.host = `127.0.0.1:${cutter.port}`;
      await startWorker({ DATABASE_URL: database.toString() });
      cutter.arm();
      const runId = await start();
      // Without the note, the retry finds a pending claim and waits the 5-minute grace for a report that cannot come.
      const run = await api.waitForRun(runId, (candidate) => ['succeeded', 'failed'].includes(candidate.status), 30_000);
      expect(cutter.cuts).toBe(1);
      expect(run.status, JSON.stringify(run.error)).toBe('succeeded');
      expect(sendsOf(runId)).toHaveLength(1);
      const messages = await environment.sql<{ id: string; status: string }>(`SELECT id, status FROM messages WHERE run_id = $1`, [runId]);
      expect(messages).toEqual([{ id: stepOf(run, 'send').output.messageId, status: 'sent' }]);
    } finally {
      await cutter.stop();
    }
  });

  it('fails OUTCOME_UNKNOWN when no report comes within the grace period (fail policy); a retry of the run sends again on purpose', async () => {
    const connectionId = await metaConnection({ unknownOutcomeGraceMinutes: 0.05 });
    const start = await sendFlow(connectionId);
    await startWorker();
    answerLate('wamid.late-3');
    const runId = await start();
    const failed = await api.waitForRun(runId, undefined, 30_000);
    expect(failed.status).toBe('failed');
    expect(stepOf(failed, 'send')).toMatchObject({ status: 'failed', error: { code: 'OUTCOME_UNKNOWN', retryable: false } });
    expect(stepOf(failed, 'send').error.message).toContain('retry the run');
    expect(sendsOf(runId)).toHaveLength(1);

    expect((await api.post(`/api/runs/${runId}/retry`)).status).toBe(200);
    const retried = await api.waitForRun(runId, undefined, 20_000);
    expect(retried.status, JSON.stringify(retried.error)).toBe('succeeded');
    expect(sendsOf(runId)).toHaveLength(2);
    const messages = await environment.sql<{ status: string }>(`SELECT status FROM messages WHERE run_id = $1`, [runId]);
    expect(messages).toEqual([{ status: 'sent' }]);
  });

  it('sends again under the same key when no report comes within the grace period (resend policy)', async () => {
    const connectionId = await metaConnection({ unknownOutcomeGraceMinutes: 0.05, unknownOutcome: 'resend' });
    const start = await sendFlow(connectionId);
    await startWorker();
    answerLate('wamid.late-4');
    const runId = await start();
    const run = await api.waitForRun(runId, undefined, 30_000);
    expect(run.status, JSON.stringify(run.error)).toBe('succeeded');
    const sends = sendsOf(runId);
    expect(sends).toHaveLength(2);
    expect(sends[1]!.body.biz_opaque_callback_data).toBe(sends[0]!.body.biz_opaque_callback_data);
  });

  it('fails an email whose server went silent after DATA as OUTCOME_UNKNOWN, without sending it again; a retry of the run sends it', async () => {
    const smtp = await new SmtpSink().start();
    try {
      const created = await api.post('/api/connections', { name: 'Mail', provider: 'smtp', config: { url: smtp.url, from: 'Switchboard <flows@example.com>' } });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const flowId = await api.publish('Tell the team', {
        nodes: [
          { id: 'start', type: 'manual', config: {} },
          { id: 'mail', type: 'email.send', config: { connectionId: created.body.id, to: ['team@example.com'], subject: 'Callback', html: '<p>Call Anna back</p>' } },
        ],
        edges: [{ id: 'e1', source: 'start', target: 'mail' }],
      });
      await startWorker({ SMTP_TIMEOUT_MS: '1000' });
      smtp.hangNext = 1;
      const runId = (await api.post(`/api/flows/${flowId}/run`, { data: {} })).body.runId as string;
      const failed = await api.waitForRun(runId, undefined, 20_000);
      expect(failed.status).toBe('failed');
      expect(stepOf(failed, 'mail')).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'OUTCOME_UNKNOWN', retryable: false } });
      expect(smtp.mails).toHaveLength(1);

      expect((await api.post(`/api/runs/${runId}/retry`)).status).toBe(200);
      const retried = await api.waitForRun(runId, undefined, 20_000);
      expect(retried.status, JSON.stringify(retried.error)).toBe('succeeded');
      expect(smtp.mails).toHaveLength(2);
      const emails = await environment.sql<{ delivery: string }>(`SELECT delivery FROM emails WHERE run_id = $1`, [runId]);
      expect(emails).toEqual([{ delivery: 'sent' }]);
    } finally {
      await smtp.stop();
    }
  });

  describe('a step handed to two workers at once (a lost BullMQ lock)', () => {
    let server: Server;
    let calls = 0;
    beforeAll(async () => {
      // A slow remote API: the second worker gets the job while the first is still calling.
      server = createServer((req, res) => {
        calls += 1;
        req.resume();
        setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'), 1500);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    });
    afterAll(async () => {
      await new Promise((resolve) => server.close(resolve));
    });

    it('is executed by one of them: the remote API gets one call and the run succeeds', async () => {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      expect((await api.request('PATCH', '/api/workspace', { settings: { httpAllowedHosts: [new URL(base).host] } })).status).toBe(200);
      const flowId = await api.publish('Post a lead', {
        nodes: [
          { id: 'start', type: 'manual', config: {} },
          { id: 'post', type: 'http.request', config: { url: `${base}/leads`, method: 'POST', body: '{"name":"Anna"}' } },
        ],
        edges: [{ id: 'e1', source: 'start', target: 'post' }],
      });
      await startWorker();
      await startWorker();
      const redis = new Redis(environment.redisUrl, { maxRetriesPerRequest: null });
      const queue = new Queue(STEP_QUEUE, { connection: redis, prefix: environment.queuePrefix });
      try {
        const runId = (await api.post(`/api/flows/${flowId}/run`, { data: {} })).body.runId as string;
        // The same step once more under another job id, as BullMQ does when a worker's lock lapses.
        await queue.add('step', { r: runId, n: 'post', s: '', a: 1 }, { jobId: `duplicate.${runId}`, attempts: 8, backoff: { type: 'exponential', delay: 500 }, removeOnComplete: true, removeOnFail: true });
        const run = await api.waitForRun(runId, undefined, 20_000);
        expect(run.status, JSON.stringify(run.error)).toBe('succeeded');
        // The duplicate is done too (it found the lease held, then, retried, the step stored).
        await expect.poll(async () => (await queue.getJob(`duplicate.${runId}`)) ?? null, { timeout: 15_000 }).toBeNull();
        expect(calls).toBe(1);
      } finally {
        await queue.close();
        redis.disconnect();
      }
    });
  });
});
