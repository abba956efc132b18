import { describe, expect, it } from 'vitest';
import { graph, MemoryEngine } from './testing/memory-engine';

const trigger = { id: 'start', type: 'manual' };
const act = (id: string, config: Record<string, unknown> = {}) => ({ id, type: 'test.act', config: { label: id, ...config } });

describe('cancel and retry on an in-memory store', () => {
  it('cancels a waiting run with its wait and its waiting step, once', async () => {
    const engine = new MemoryEngine();
    const runId = await engine.start(graph([trigger, { id: 'wait', type: 'test.await_reply', config: { from: '+14155551234' } }, act('after')], [['start', 'wait'], ['wait', 'after', 'replied']]));
    await engine.drain();
    expect(engine.run(runId)).toMatchObject({ status: 'waiting' });

    expect(await engine.store.cancelRun(runId)).toBe(true);
    expect(engine.run(runId)).toMatchObject({ status: 'cancelled' });
    expect(engine.step(runId, 'wait')).toMatchObject({ status: 'skipped' });
    expect([...engine.store.waitpoints.values()].map((waitpoint) => waitpoint.status)).toEqual(['cancelled']);
    expect(await engine.store.cancelRun(runId)).toBe(false);
    expect(await engine.store.retryRun(runId)).toBe(false);
  });

  it('retries a failed run from its failed step, and `remaining` counts it again', async () => {
    const engine = new MemoryEngine();
    const flow = graph([trigger, act('a', { failCode: 'URL_NOT_ALLOWED', succeedOnAttempt: 9 }), act('b')], [['start', 'a'], ['a', 'b']]);
    const runId = await engine.start(flow);
    await engine.drain();
    expect(engine.run(runId)).toMatchObject({ status: 'failed' });
    const remaining = engine.run(runId).remaining;
    expect(await engine.store.failedSteps(runId)).toEqual(['a']);

    expect(await engine.store.retryRun(runId)).toBe(true);
    expect(engine.run(runId)).toMatchObject({ status: 'running', error: null, finishedAt: null, remaining: remaining + 1 });
    expect(engine.step(runId, 'a')).toBeUndefined();
    expect(engine.step(runId, 'start')).toMatchObject({ status: 'succeeded' });

    await engine.sweeper.reconcile(runId);
    await engine.drain();
    // The step ran again (its side effect is asked for on purpose), failed again and failed the run with the same count.
    expect(engine.calls.filter((call) => call.nodeId === 'a')).toHaveLength(2);
    expect(engine.run(runId)).toMatchObject({ status: 'failed', remaining });
    expect(await engine.store.retryRun(runId)).toBe(true);
  });
});
