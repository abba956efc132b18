import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine } from '../engine';
import { appointmentConfirmation, callCompletedEvent } from '../testing/fixtures';
import { RedisServer } from '../infra/redis-server';
import { TestEngine, type ApiClient } from '../testing/test-engine';

type Sample = { name: string; labels: Record<string, string>; value: number };

/** The samples of a Prometheus text exposition. */
function parse(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) continue;
    const labels = Object.fromEntries([...(match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map((label) => [label[1]!, label[2]!]));
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

/** A sample's value (0 when it is absent), matching every label given. */
function value(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  const found = samples.find((sample) => sample.name === name && Object.entries(labels).every(([key, wanted]) => sample.labels[key] === wanted) && Object.keys(sample.labels).length === Object.keys(labels).length);
  return found?.value ?? 0;
}

// The engine runs on a Redis of this file's own, which the last test stops.
describe('watching the engine: /metrics and /admin/queues', () => {
  let redis: RedisServer;
  let engine: TestEngine;
  let api: ApiClient;

  const scrape = async () => {
    const response = await fetch(`${api.baseUrl}/metrics`);
    expect(response.status).toBe(200);
    return parse(await response.text());
  };

  beforeAll(async () => {
    redis = await RedisServer.start();
    engine = await TestEngine.start({ env: { REDIS_URL: redis.url, SHUTDOWN_GRACE_MS: '3000' } });
    api = engine.api;
    await api.publish('Appointment confirmation', appointmentConfirmation(await api.sandbox()));
  });
  afterAll(async () => {
    // Back up, so the engine's connections close cleanly.
    await redis?.restart().catch(() => {});
    await engine?.stop();
    await redis?.destroy();
  });

  it("shows a run's counters moving: its event, its run, its steps' durations, its send and the queue", async () => {
    const before = await scrape();
    const answer = await api.post('/api/events', callCompletedEvent({ id: 'metrics-1' }));
    expect(answer.status).toBe(202);
    const run = await api.waitForRun(answer.body.runs[0].runId);
    expect(run.status).toBe('succeeded');
    const after = await scrape();

    const delta = (name: string, labels: Record<string, string>) => value(after, name, labels) - value(before, name, labels);
    expect(delta('switchboard_events_total', { type: 'call.completed', result: 'accepted' })).toBe(1);
    expect(delta('switchboard_runs_total', { status: 'started' })).toBe(1);
    expect(delta('switchboard_runs_total', { status: 'succeeded' })).toBe(1);
    expect(delta('switchboard_runs_total', { status: 'failed' })).toBe(0);
    expect(delta('switchboard_step_duration_seconds_count', { type: 'whatsapp.send_template', status: 'succeeded' })).toBe(1);
    expect(delta('switchboard_steps_total', { type: 'whatsapp.send_template', status: 'succeeded' })).toBe(1);
    expect(delta('switchboard_provider_sends_total', { provider: 'whatsapp.sandbox', result: 'sent' })).toBe(1);
    for (const state of ['waiting', 'prioritized', 'active', 'delayed', 'failed']) {
      expect(after.some((sample) => sample.name === 'switchboard_queue_jobs' && sample.labels.queue === 'steps' && sample.labels.state === state), state).toBe(true);
    }
    // The pool's connections, read from the pool: some opened for the run, none beyond PG_POOL_SIZE (20).
    const pool = (state: string) => value(after, 'switchboard_pg_pool_connections', { state });
    expect(pool('busy') + pool('idle')).toBeGreaterThan(0);
    expect(pool('busy') + pool('idle')).toBeLessThanOrEqual(20);
    expect(after.some((sample) => sample.name === 'switchboard_pg_pool_connections' && sample.labels.state === 'waiting')).toBe(true);

    // The same id again is a duplicate; a refused event's type is not echoed as a label.
    await api.post('/api/events', callCompletedEvent({ id: 'metrics-1' }));
    expect((await api.post('/api/events', { type: 'call.made_up_by_a_caller', data: {} })).status).toBe(400);
    const last = await scrape();
    expect(value(last, 'switchboard_events_total', { type: 'call.completed', result: 'duplicate' }) - value(after, 'switchboard_events_total', { type: 'call.completed', result: 'duplicate' })).toBe(1);
    expect(value(last, 'switchboard_events_total', { type: 'other', result: 'refused' }) - value(after, 'switchboard_events_total', { type: 'other', result: 'refused' })).toBe(1);
    expect(last.some((sample) => Object.values(sample.labels).includes('call.made_up_by_a_caller'))).toBe(false);
  });

  it('counts the waitpoints waiting, by kind', async () => {
    const flow = await api.post('/api/flows', {
      name: 'Waits',
      graph: {
        nodes: [
          { id: 'start', type: 'manual', config: {} },
          { id: 'pause', type: 'flow.delay', config: { amount: 1, unit: 'hours' } },
        ],
        edges: [{ id: 'e1', source: 'start', target: 'pause' }],
      },
    });
    expect(flow.status).toBe(201);
    const test = await api.post(`/api/flows/${flow.body.id}/test`, {});
    expect(test.status).toBe(202);
    await api.waitForRun(test.body.runId!, (run) => run.status === 'waiting');
    // Counted at most every 10 s: the count moves once the cache of the earlier scrapes is over.
    await expect.poll(async () => value(await scrape(), 'switchboard_waitpoints_waiting', { kind: 'delay' }), { timeout: 20_000, interval: 1_000 }).toBeGreaterThanOrEqual(1);
  });

  it('answers /admin/queues to the operator only: by Bearer key, or by the cookie a one-time link sets', async () => {
    const board = (path: string, headers: Record<string, string> = {}, method = 'GET') => fetch(`${api.baseUrl}${path}`, { method, headers, redirect: 'manual' });

    const anonymous = await board('/admin/queues');
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as any).error.code).toBe('UNAUTHORIZED');
    expect((await board('/admin/queues', { authorization: 'Bearer sb_not_a_key_at_all' })).status).toBe(401);

    const withKey = await board('/admin/queues', { authorization: `Bearer ${api.apiKey}` });
    expect(withKey.status).toBe(200);
    expect(withKey.headers.get('content-type')).toContain('text/html');
    const queues = await board('/admin/queues/api/queues', { authorization: `Bearer ${api.apiKey}` });
    expect(queues.status).toBe(200);
    expect(((await queues.json()) as any).queues.map((queue: any) => queue.name)).toContain('steps');
    // Read-only: no retry, clean or empty by hand.
    expect((await board('/admin/queues/api/queues/steps/empty', { authorization: `Bearer ${api.apiKey}` }, 'PUT')).status).toBe(403);

    // The queue is every workspace's: another workspace's key does not open it.
    const other = await engine.otherWorkspace();
    expect((await board('/admin/queues', { authorization: `Bearer ${other.apiKey}` })).status).toBe(403);
    expect((await other.post('/api/admin/queues/link')).status).toBe(403);

    // A browser: a link from the API, opened once, sets the board's cookie.
    const link = await api.post('/api/admin/queues/link');
    expect(link.status).toBe(201);
    expect(link.body.url).toMatch(/^\/admin\/queues\/login\?ticket=/);
    const opened = await board(link.body.url);
    expect(opened.status).toBe(303);
    const setCookie = opened.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).toMatch(/Path=\/admin\/queues/);
    const cookie = setCookie.split(';')[0]!;
    expect((await board('/admin/queues/', { cookie })).status).toBe(200);
    expect((await board('/admin/queues/api/queues', { cookie })).status).toBe(200);
    expect((await board(link.body.url)).status).toBe(401);
    // A cookie not signed by this engine, or a ticket used as a cookie, is refused.
    const ticket = new URL(link.body.url, api.baseUrl).searchParams.get('ticket')!;
    expect((await board('/admin/queues/', { cookie: `sb_queues=${ticket}` })).status).toBe(401);
    expect((await board('/admin/queues/', { cookie: `${cookie}x` })).status).toBe(401);
  });

  it('serves a worker\'s /metrics and /health on METRICS_PORT, and nothing of the API there', async () => {
    const worker = await startEngine(engine.environment.config({ ROLE: 'worker', METRICS_PORT: '0', REDIS_URL: redis.url, SHUTDOWN_GRACE_MS: '3000' }), pino({ level: 'silent' }));
    try {
      expect(worker.url).toBeNull();
      const metrics = await fetch(`${worker.metricsUrl}/metrics`);
      expect(metrics.status).toBe(200);
      expect(await metrics.text()).toContain('switchboard_step_duration_seconds');
      expect((await fetch(`${worker.metricsUrl}/health`)).status).toBe(200);
      for (const path of ['/api/flows', '/admin/queues', '/api/events']) {
        expect((await fetch(`${worker.metricsUrl}${path}`, { headers: { authorization: `Bearer ${api.apiKey}` } })).status, path).toBe(404);
      }
    } finally {
      await worker.close();
    }
  });

  it('still answers /metrics with Redis unreachable, leaving the queue gauge out and counting the scrape error', async () => {
    const before = await scrape();
    await redis.stop();
    const after = await scrape();
    expect(after.some((sample) => sample.name === 'switchboard_queue_jobs')).toBe(false);
    expect(value(after, 'switchboard_scrape_errors_total', { source: 'queue' }) - value(before, 'switchboard_scrape_errors_total', { source: 'queue' })).toBeGreaterThanOrEqual(1);
    // What Postgres answers is still there.
    expect(value(after, 'switchboard_runs_total', { status: 'succeeded' })).toBeGreaterThanOrEqual(1);
  });
});
