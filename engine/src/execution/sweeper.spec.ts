import { describe, expect, it } from 'vitest';
import { Sweeper } from './sweeper';
import { graph, MemoryEngine } from './testing/memory-engine';

const trigger = { id: 'start', type: 'manual' };
const act = (id: string, config: Record<string, unknown> = {}) => ({ id, type: 'test.act', config: { label: id, ...config } });

describe('Sweeper on an in-memory store', () => {
  it('queues the step of a branch whose job was lost while another branch waits', async () => {
    const engine = new MemoryEngine();
    const flow = graph([trigger, { id: 'wait', type: 'test.await_reply', config: { from: '+14155551234', timeoutMs: 3_600_000 } }, act('side')], [['start', 'wait'], ['start', 'side']]);
    const runId = await engine.start(flow);
    expect(engine.queue.steps.map((job) => job.nodeId)).toEqual(['wait', 'side']);
    await engine.runNext();
    engine.queue.steps.splice(0);
    expect(engine.run(runId)).toMatchObject({ status: 'waiting' });

    // Not stale yet: the sweep leaves a run that moved within the minute alone.
    expect(await engine.sweeper.sweep()).toMatchObject({ runs: 0 });
    engine.clock.advance(60_001);
    expect(await engine.sweeper.sweep()).toMatchObject({ runs: 1, errors: 0 });
    await engine.drain();

    expect(engine.calls.map((call) => call.nodeId)).toEqual(['side']);
    expect(engine.run(runId)).toMatchObject({ remaining: 1 });
    expect(engine.step(runId, 'wait')).toMatchObject({ status: 'waiting' });
  });

  it('arms every waiting alarm again, page by page, after the queue lost them', async () => {
    const engine = new MemoryEngine();
    // Five waits due at the same time: pages of two are cut between equal wake-up times.
    const flow = graph([trigger, { id: 'wait', type: 'test.await_reply', config: { from: '+14155551234', timeoutMs: 3_600_000 } }], [['start', 'wait']]);
    for (let i = 0; i < 5; i++) await engine.start(flow);
    await engine.drain();
    const armed = engine.queue.alarms.splice(0).map((alarm) => alarm.waitpointId).sort();
    expect(armed).toHaveLength(5);

    // A sweep arms only what is due within its horizon; the loss is made good by arming them all.
    const sweeper = new Sweeper({ ...engine, settings: { horizonMs: 60_000, staleRunMs: 60_000, retentionMs: 86_400_000, alarmPageSize: 2 } });
    expect(await sweeper.rearmAlarms(new Date(engine.clock.now().getTime() + 60_000))).toEqual({ alarms: 0, errors: 0 });
    expect(await sweeper.rearmAlarms(null)).toEqual({ alarms: 5, errors: 0 });
    expect(engine.queue.alarms.map((alarm) => alarm.waitpointId).sort()).toEqual(armed);
  });

  it('catches a loop up after its queue was lost: no item twice, none left out', async () => {
    const engine = new MemoryEngine();
    const flow = graph(
      [trigger, { id: 'loop', type: 'flow.loop', config: { items: '["a","b","c","d"]', concurrency: 2 } }, act('body', { label: '{{steps.loop.item}}' }), act('after')],
      [['start', 'loop'], ['loop', 'body', 'item'], ['loop', 'after', 'done']],
    );
    const runId = await engine.start(flow);
    await engine.runNext();
    await engine.runNext();
    // The queue is lost with one item done and one queued.
    engine.queue.steps.splice(0);

    engine.clock.advance(60_001);
    expect(await engine.sweeper.sweep()).toMatchObject({ runs: 1, errors: 0 });
    await engine.drain();

    expect(engine.calls.filter((call) => call.nodeId === 'body').map((call) => call.label).sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(engine.step(runId, 'loop')).toMatchObject({ status: 'succeeded', handle: 'done', output: { count: 4, succeeded: 4 } });
    expect(engine.run(runId)).toMatchObject({ status: 'succeeded', remaining: 0 });
  });
});
