import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { callCompletedEvent } from '../testing/fixtures';
import { TestEngine, type ApiClient, type DraftGraph } from '../testing/test-engine';

const stepOf = (run: any, nodeId: string) => run.steps.find((step: any) => step.nodeId === nodeId);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A step whose result Postgres cannot store must reach one final state, not be executed again
 * and again (which re-posts to the remote API). The remote API is a local HTTP server that
 * counts its calls per path; the engine sweeps every second and calls a run stale after 3 s,
 * so waiting a few seconds after the run ends gives any re-execution its chance to show.
 */
describe('results that cannot be stored as they are', () => {
  let engine: TestEngine;
  let api: ApiClient;
  let server: Server;
  let base: string;
  const calls = new Map<string, number>();
  const called = (path: string) => calls.get(path) ?? 0;

  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const path = req.url!.split('?')[0]!;
        calls.set(path, called(path) + 1);
        if (path.startsWith('/unstorable')) {
          // JSON escapes that parse to a lone surrogate and a NUL, in a value and in a key; jsonb refuses both.
          res.writeHead(200, { 'content-type': 'application/json' }).end('{"text":"a\\ud800b\\u0000c","k\\udc00\\u0000":1,"pair":"\\ud83d\\ude00"}');
        } else if (path === '/nul-text') {
          res.writeHead(200, { 'content-type': 'text/plain' }).end(Buffer.from('before\u0000after', 'utf8'));
        } else if (path === '/busy') {
          res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"busy"}');
        } else if (path === '/huge') {
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 42, blob: 'z'.repeat(1024 * 1024) }));
        } else {
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, path }));
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    engine = await TestEngine.start();
    api = engine.api;
    const allowed = await api.request('PATCH', '/api/workspace', { settings: { httpAllowedHosts: [new URL(base).host] } });
    expect(allowed.status).toBe(200);
  });
  afterEach(() => api.unpublishAll());
  afterAll(async () => {
    await engine?.stop();
    await new Promise((resolve) => server?.close(resolve));
  });

  const start = async () => {
    const posted = await api.post('/api/events', callCompletedEvent());
    expect(posted.status).toBe(202);
    return posted.body.runs.map((run: { runId: string }) => run.runId) as string[];
  };

  it('stores an answer with lone surrogates and NULs with U+FFFD in their place, calling the remote once', async () => {
    await api.publish('Unstorable answer', {
      nodes: [
        { id: 'call', type: 'call.completed', config: {} },
        { id: 'json', type: 'http.request', config: { url: `${base}/unstorable` } },
        { id: 'text', type: 'http.request', config: { url: `${base}/nul-text` } },
      ],
      edges: [
        { id: 'e1', source: 'call', target: 'json' },
        { id: 'e2', source: 'json', target: 'text' },
      ],
    });
    const [runId] = await start();
    const run = await api.waitForRun(runId!);
    expect(run.status, JSON.stringify(run.steps)).toBe('succeeded');
    expect(stepOf(run, 'json')).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(stepOf(run, 'json').output.body).toEqual({ text: 'a\uFFFDb\uFFFDc', 'k\uFFFD\uFFFD': 1, pair: '😀' });
    expect(stepOf(run, 'text').output.body).toBe('before\uFFFDafter');

    await sleep(5000);
    expect(called('/unstorable')).toBe(1);
    expect(called('/nul-text')).toBe(1);
    const [stored] = await engine.environment.sql<{ count: string }>(`SELECT count(*) FROM steps WHERE run_id = $1`, [runId]);
    expect(stored!.count).toBe('3');
  });

  it('fails a step once, OUTPUT_NOT_STORABLE, when Postgres refuses its write on data, without failing the rows batched with it', async () => {
    // Postgres refuses the output of the node `refused` (a data exception, class 22), and only that.
    await engine.environment.sql(`
      CREATE FUNCTION refuse_output() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.node_id = 'refused' AND NEW.output IS NOT NULL THEN
          RAISE EXCEPTION 'this output is refused on purpose' USING ERRCODE = '22023';
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER refuse_output BEFORE INSERT OR UPDATE ON steps FOR EACH ROW EXECUTE FUNCTION refuse_output();`);
    try {
      // Two branches from the trigger: their writes go through the batcher at the same time.
      await api.publish('Refused write', {
        nodes: [
          { id: 'call', type: 'call.completed', config: {} },
          { id: 'refused', type: 'http.request', config: { url: `${base}/unstorable-refused?run={{run.id}}` } },
          { id: 'fine', type: 'http.request', config: { url: `${base}/fine?run={{run.id}}` } },
        ],
        edges: [
          { id: 'e1', source: 'call', target: 'refused' },
          { id: 'e2', source: 'call', target: 'fine' },
        ],
      });
      const runIds = (await Promise.all(Array.from({ length: 10 }, () => start()))).flat();
      expect(runIds).toHaveLength(10);
      const runs = await Promise.all(runIds.map((runId) => api.waitForRun(runId)));
      for (const run of runs) {
        expect(run.status).toBe('failed');
        expect(stepOf(run, 'refused'), JSON.stringify(stepOf(run, 'refused'))).toMatchObject({
          status: 'failed',
          attempts: 1,
          error: { code: 'OUTPUT_NOT_STORABLE', retryable: false, message: expect.stringContaining('this output is refused on purpose') },
        });
      }
      await sleep(5000);
      expect(called('/unstorable-refused')).toBe(10);
      // `fine` runs unless its run had already failed; each call of it was stored once, as a
      // success, even when its write shared a batch with a refused one.
      const fine = await engine.environment.sql<{ status: string }>(`SELECT status FROM steps WHERE node_id = 'fine' AND run_id = ANY($1::uuid[])`, [runIds]);
      expect(fine.every((step) => step.status === 'succeeded')).toBe(true);
      expect(called('/fine')).toBe(fine.length);
    } finally {
      await engine.environment.sql(`DROP TRIGGER refuse_output ON steps; DROP FUNCTION refuse_output();`);
    }
  });

  it('takes the error edge of a step whose write was refused', async () => {
    await engine.environment.sql(`
      CREATE FUNCTION refuse_output() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.node_id = 'refused' AND NEW.output ? 'body' THEN
          RAISE EXCEPTION 'a constraint of this test' USING ERRCODE = '23514';
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER refuse_output BEFORE INSERT OR UPDATE ON steps FOR EACH ROW EXECUTE FUNCTION refuse_output();`);
    try {
      await api.publish('Refused write, error edge', {
        nodes: [
          { id: 'call', type: 'call.completed', config: {} },
          { id: 'refused', type: 'http.request', config: { url: `${base}/refused-with-edge` } },
          { id: 'handled', type: 'http.request', config: { url: `${base}/handled` } },
        ],
        edges: [
          { id: 'e1', source: 'call', target: 'refused' },
          { id: 'e2', source: 'refused', target: 'handled', sourceHandle: 'error' },
        ],
      });
      const [runId] = await start();
      const run = await api.waitForRun(runId!);
      expect(run.status).toBe('succeeded');
      expect(stepOf(run, 'refused')).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'OUTPUT_NOT_STORABLE' } });
      expect(stepOf(run, 'handled')).toMatchObject({ status: 'succeeded' });
      await sleep(4000);
      expect(called('/refused-with-edge')).toBe(1);
      expect(called('/handled')).toBe(1);
    } finally {
      await engine.environment.sql(`DROP TRIGGER refuse_output ON steps; DROP FUNCTION refuse_output();`);
    }
  });

  it('stores an output over the cap truncated, with a note saying what was cut', async () => {
    await api.publish('Huge answer', {
      nodes: [
        { id: 'call', type: 'call.completed', config: {} },
        { id: 'http', type: 'http.request', config: { url: `${base}/huge` } },
      ],
      edges: [{ id: 'e1', source: 'call', target: 'http' }],
    });
    const [runId] = await start();
    const run = await api.waitForRun(runId!);
    expect(run.status).toBe('succeeded');
    const step = stepOf(run, 'http');
    expect(step.output.body.id).toBe(42);
    expect(step.output.body.blob).toMatch(/^z+… \[truncated: \d+ of 1048576 characters cut\]$/);
    expect(JSON.stringify(step.output).length).toBeLessThanOrEqual(256 * 1024);
    expect(step.warnings).toEqual([expect.stringMatching(/^stored truncated to 262144 characters: output \(\d+ characters of JSON, \d+ cut\)$/)]);
    expect(called('/huge')).toBe(1);
  });

  it('retries a step of a flow stored before the retry bounds at a valid date, instead of overflowing it', async () => {
    const flowId = await api.publish('Old enormous backoff', {
      nodes: [
        { id: 'call', type: 'call.completed', config: {} },
        { id: 'http', type: 'http.request', config: { url: `${base}/busy` }, retry: { attempts: 3, backoffMs: 1000 } },
      ],
      edges: [{ id: 'e1', source: 'call', target: 'http' }],
    });
    // As a flow published before the bound was: a backoff whose date overflows (past year 275760).
    await engine.environment.sql(`UPDATE flow_versions SET graph = jsonb_set(graph, '{nodes,1,retry,backoffMs}', '9000000000000000') WHERE flow_id = $1`, [flowId]);
    const [runId] = await start();
    const run = await api.waitForRun(runId!, (candidate) => stepOf(candidate, 'http')?.status === 'running');
    expect(stepOf(run, 'http')).toMatchObject({ status: 'running', attempts: 1, error: { code: 'HTTP_STATUS', retryable: true } });
    const [waitpoint] = await engine.environment.sql<{ wake_at: Date }>(`SELECT wake_at FROM waitpoints WHERE run_id = $1 AND status = 'waiting'`, [runId]);
    // The out-of-range backoff is ignored for the node type's default (a minute), never an Invalid Date.
    expect(waitpoint!.wake_at.getTime()).toBeGreaterThan(Date.now());
    expect(waitpoint!.wake_at.getTime()).toBeLessThan(Date.now() + 7 * 24 * 3600_000 + 60_000);
    await sleep(3000);
    expect(called('/busy')).toBe(1);
    await api.post(`/api/runs/${runId}/cancel`);
  });

  it('refuses at publish a retry whose backoff is enormous or whose retries wait more than 7 days in all, naming the field', async () => {
    const graph = (retry: Record<string, unknown>, inConfig = false) => ({
      nodes: [
        { id: 'call', type: 'call.completed', config: {} },
        { id: 'http', type: 'http.request', config: { url: `${base}/x`, ...(inConfig ? { retry } : {}) }, ...(inConfig ? {} : { retry }) },
      ],
      edges: [{ id: 'e1', source: 'call', target: 'http' }],
    });
    const publish = async (body: DraftGraph) => {
      const created = await api.post('/api/flows', { name: `Retry ${Math.random()}`, graph: body });
      expect(created.status).toBe(201);
      return api.post(`/api/flows/${created.body.id}/publish`);
    };
    const huge = await publish(graph({ attempts: 3, backoffMs: 1e15 }));
    expect(huge.status).toBe(422);
    expect(huge.body.error?.details).toEqual([expect.objectContaining({ nodeId: 'http', field: 'retry.backoffMs' })]);
    const inConfig = await publish(graph({ attempts: 3, backoffMs: 1e15 }, true));
    expect(inConfig.status).toBe(422);
    expect(inConfig.body.error?.details).toEqual([expect.objectContaining({ nodeId: 'http', field: 'config.retry.backoffMs' })]);
    const total = await publish(graph({ attempts: 10, backoffMs: 3_600_000 }));
    expect(total.status).toBe(422);
    expect(total.body.error?.details).toEqual([expect.objectContaining({ nodeId: 'http', field: 'retry.backoffMs', message: expect.stringContaining('at most 7 days') })]);
    expect((await publish(graph({ attempts: 3, backoffMs: 3_600_000 }))).status).toBe(200);
  });
});
