import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isPortOpen } from '../infra/ports';
import { RedisServer } from '../infra/redis-server';
import { isAlive } from '../infra/processes';
import { callCompletedEvent } from '../testing/fixtures';
import { EngineProcess, TestEnvironment, type ApiClient } from '../testing/test-engine';

/**
 * The process survives its dependencies: a Postgres that refuses writes, a Redis that goes
 * away, and a SIGTERM while steps are in flight. Real engine processes, a real Postgres
 * (faults made inside the test's own database) and real redis-servers of the test's own.
 */
describe('resilience: the process survives its dependencies', () => {
  let environment: TestEnvironment;
  const processes: EngineProcess[] = [];
  const cleanups: Array<() => Promise<void> | void> = [];

  const start = async (env: Record<string, string> = {}) => {
    const engine = await new EngineProcess(environment, { ROLE: 'all', ...env }).start();
    processes.push(engine);
    return engine;
  };

  beforeEach(async () => {
    environment = await new TestEnvironment().create();
  });

  afterEach(async () => {
    await Promise.all(processes.splice(0).map((engine) => engine.kill('SIGKILL')));
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    await environment.destroy();
  });

  /** A flow that records the call and ends: the run succeeds without any provider. */
  const publishRecorder = (api: ApiClient) =>
    api.publish('Record calls', {
      nodes: [
        { id: 'call', type: 'call.completed', config: {} },
        { id: 'note', type: 'flow.set', config: { values: { caller: '{{trigger.customer.name}}' } } },
      ],
      edges: [{ id: 'e1', source: 'call', target: 'note' }],
    });

  it('stays up while Postgres refuses writes to one table, answers ingestion 503, and takes the same event once the fault is gone', async () => {
    // A full disk for two tables: the events every ingestion writes, and the API keys whose
    // last use every authenticated request records in the background.
    await environment.sql(`
      CREATE FUNCTION refuse_write() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'could not extend file: No space left on device' USING ERRCODE = 'disk_full'; END $$`);
    await environment.sql(`CREATE TRIGGER refuse_api_key_use BEFORE UPDATE ON api_keys FOR EACH ROW EXECUTE FUNCTION refuse_write()`);
    await environment.sql(`CREATE TRIGGER refuse_events BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION refuse_write()`);

    const engine = await start();
    const api = engine.api();
    // The first authenticated request records the key's use, and that write is refused.
    await publishRecorder(api);
    await api.publish('Lead form', {
      nodes: [
        { id: 'form', type: 'webhook.received', config: { path: 'refused-lead-form' } },
        { id: 'note', type: 'flow.set', config: { values: { name: '{{trigger.body.name}}' } } },
      ],
      edges: [{ id: 'e1', source: 'form', target: 'note' }],
    });
    await expect.poll(() => engine.log.includes('could not record when an API key was last used'), { timeout: 10_000 }).toBe(true);

    const event = callCompletedEvent({ id: 'refused-1' });
    const response = await fetch(`${engine.url}/api/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${environment.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(event),
    });
    expect(response.status).toBe(503);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = (await response.json()) as { error: { code: string; message: string; details: unknown } };
    expect(body.error).toMatchObject({ code: 'UNAVAILABLE', details: { dependency: 'postgres' } });
    expect(body.error.message).toMatch(/retry/i);

    // A webhook caller is told the same.
    const webhook = await fetch(`${engine.url}/webhooks/in/refused-lead-form`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"Dana"}' });
    expect(webhook.status).toBe(503);
    expect(webhook.headers.get('retry-after')).not.toBeNull();
    expect(((await webhook.json()) as { error: { code: string } }).error.code).toBe('UNAVAILABLE');

    // Still up: it answers its health probe (Postgres answers; one table refuses writes) and reads.
    expect(await api.get('/health')).toMatchObject({ status: 200, body: { status: 'ok', dependencies: { postgres: 'up', redis: 'up' } } });
    expect((await api.get('/api/flows')).status).toBe(200);
    expect((await api.post('/api/events', event)).status).toBe(503);
    expect(engine.running).toBe(true);

    await environment.sql(`DROP TRIGGER refuse_events ON events`);
    const accepted = await api.post('/api/events', event);
    expect(accepted.status).toBe(202);
    const run = await api.waitForRun(accepted.body.runs[0].runId);
    expect(run.status).toBe('succeeded');
    expect((await api.post('/api/events', event)).body).toMatchObject({ duplicate: true, runs: [{ runId: run.id }] });
    expect(engine.running).toBe(true);
  });

  it('drains on SIGTERM: the steps in flight finish, the process exits 0 and stops its private redis-server; a new process finishes every run, each side effect once', async () => {
    // A CRM that takes 400 ms to answer, counting each idempotency key it is called with.
    const calls = new Map<string, number>();
    const crm = await listen(
      createServer((request, response) => {
        request.resume();
        request.on('end', () => {
          const key = String(request.headers['idempotency-key']);
          calls.set(key, (calls.get(key) ?? 0) + 1);
          setTimeout(() => response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'), 400);
        });
      }),
    );
    cleanups.push(() => new Promise<void>((resolve) => crm.server.close(() => resolve())));

    // No REDIS_URL: the engine starts its own redis-server under DATA_DIR (with its AOF, so the
    // next process finds the queue as it was left).
    const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-drain-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const env = { REDIS_URL: '', DATA_DIR: dataDir, SHUTDOWN_GRACE_MS: '20000' };
    const first = await start(env);
    const redis = JSON.parse(readFileSync(join(dataDir, 'redis.json'), 'utf8')) as { port: number; pid: number };
    expect(isAlive(redis.pid)).toBe(true);
    cleanups.push(() => {
      if (isAlive(redis.pid)) process.kill(redis.pid, 'SIGKILL');
    });

    const api = first.api();
    await api.request('PATCH', '/api/workspace', { settings: { httpAllowedHosts: [new URL(crm.url).host] } });
    await api.publish('Two CRM updates', {
      nodes: [
        { id: 'call', type: 'call.completed', config: {} },
        { id: 'first', type: 'http.request', config: { method: 'POST', url: `${crm.url}/first`, body: '{"call": "{{trigger.call.id}}"}' } },
        { id: 'second', type: 'http.request', config: { method: 'POST', url: `${crm.url}/second`, body: '{"call": "{{trigger.call.id}}"}' } },
      ],
      edges: [
        { id: 'e1', source: 'call', target: 'first' },
        { id: 'e2', source: 'first', target: 'second' },
      ],
    });
    const runIds: string[] = [];
    for (let i = 0; i < 30; i++) runIds.push((await api.post('/api/events', callCompletedEvent({ id: `drain-${i}` }))).body.runs[0].runId);
    // Steps are in flight: the CRM has been called and has not answered everyone yet.
    await expect.poll(() => calls.size, { timeout: 15_000 }).toBeGreaterThan(0);

    const stopping = Date.now();
    const exited = first.exited();
    await first.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(Date.now() - stopping).toBeLessThan(20_000);
    expect(first.log).toContain('the steps in flight finished');
    // Nothing the engine started is left: its redis-server is gone, its port closed.
    expect(isAlive(redis.pid)).toBe(false);
    expect(await isPortOpen(redis.port)).toBe(false);

    const second = await start(env);
    const again = second.api();
    for (const runId of runIds) {
      const run = await again.waitForRun(runId, undefined, 30_000);
      expect(run.status, JSON.stringify(run.steps)).toBe('succeeded');
    }
    // Every run called each step's endpoint exactly once: nothing cut off mid-call was sent again.
    expect(calls.size).toBe(runIds.length * 2);
    expect([...calls.entries()].filter(([, count]) => count !== 1)).toEqual([]);

    const restartedRedis = JSON.parse(readFileSync(join(dataDir, 'redis.json'), 'utf8')) as { port: number; pid: number };
    await second.kill('SIGINT');
    expect(isAlive(restartedRedis.pid)).toBe(false);
  });

  it('says degraded, naming Redis, while its Redis is stopped, stores events meanwhile, and is ok again when Redis is back', async () => {
    const redis = await RedisServer.start({ appendOnly: true });
    cleanups.push(() => redis.destroy());
    const engine = await start({ REDIS_URL: redis.url, REDIS_COMMAND_TIMEOUT_MS: '1000' });
    const api = engine.api();
    await publishRecorder(api);
    expect(await api.get('/health')).toMatchObject({ status: 200, body: { status: 'ok', dependencies: { postgres: 'up', redis: 'up' } } });

    await redis.stop('SIGTERM');
    const degraded = await api.get('/health');
    expect(degraded).toMatchObject({ status: 503, body: { status: 'degraded', dependencies: { postgres: 'up', redis: 'down' } } });

    // Postgres holds the event and its run: accepted, though its first step cannot be queued yet.
    const accepted = await api.post('/api/events', callCompletedEvent({ id: 'while-redis-is-down' }));
    expect(accepted.status).toBe(202);
    expect(engine.running).toBe(true);

    await redis.restart();
    await expect.poll(async () => (await api.get('/health')).body?.status, { timeout: 15_000 }).toBe('ok');
    // The sweep queues the run that was stored while the queue was away.
    const run = await api.waitForRun(accepted.body.runs[0].runId, undefined, 30_000);
    expect(run.status).toBe('succeeded');
  });
});

async function listen(server: Server): Promise<{ server: Server; url: string }> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

