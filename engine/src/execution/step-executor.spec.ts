import { describe, expect, it } from 'vitest';
import type { CallerNotifier, RunServices } from './ports';
import { StepLeaseHeld } from './step-deferral';
import { graph, MemoryEngine } from './testing/memory-engine';
import { UnreachableDatabase } from './testing/test-nodes';

const trigger = { id: 'start', type: 'manual' };
const act = (id: string, config: Record<string, unknown> = {}, retry?: { attempts?: number; backoffMs?: number }) => ({ id, type: 'test.act', config: { label: id, ...config }, ...(retry ? { retry } : {}) });

/** RunServices that only hear of failed runs. */
function alerts() {
  const failed: Array<{ runId: string; nodeId: string; code: string }> = [];
  const services: RunServices = {
    extractVariables: async () => ({}),
    judge: async () => ({ result: true }),
    runFailed: async (run) => void failed.push({ runId: run.runId, nodeId: run.nodeId, code: run.error.code }),
    judgeFailed: async () => undefined,
  };
  return { failed, services };
}

describe('StepExecutor on an in-memory store', () => {
  it('runs a linear flow to success, each step rendered against the steps before it', async () => {
    const engine = new MemoryEngine();
    const runId = await engine.start(graph([trigger, act('a', { label: '{{trigger.customer}}' }), act('b', { label: '{{steps.a.label}} then b' })], [['start', 'a'], ['a', 'b']]), { customer: 'Alex' });
    expect(engine.run(runId)).toMatchObject({ status: 'queued', remaining: 2 });

    await engine.drain();

    expect(engine.calls.map((call) => call.label)).toEqual(['Alex', 'Alex then b']);
    expect(engine.step(runId, 'b')).toMatchObject({ status: 'succeeded', handle: 'default', input: { label: 'Alex then b' }, output: { label: 'Alex then b', attempt: 1 } });
    expect(engine.run(runId)).toMatchObject({ status: 'succeeded', remaining: 0 });
  });

  it('retries a retryable failure with doubling backoff, then fails the run and raises the alert', async () => {
    const { failed, services } = alerts();
    const engine = new MemoryEngine({ services });
    const runId = await engine.start(graph([trigger, act('a', { failCode: 'NETWORK', succeedOnAttempt: 9 }, { attempts: 3, backoffMs: 1000 })], [['start', 'a']]));

    await engine.drain();
    const first = [...engine.store.waitpoints.values()];
    expect(engine.step(runId, 'a')).toMatchObject({ status: 'running', attempt: 1, error: { code: 'NETWORK', retryable: true } });
    expect(first).toMatchObject([{ kind: 'retry', status: 'waiting', attempt: 2, wakeAt: engine.clock.now().getTime() + 1000 }]);

    await engine.elapse(999);
    expect(engine.calls).toHaveLength(1);
    await engine.elapse(1);
    expect(engine.calls.map((call) => call.attempt)).toEqual([1, 2]);
    const second = [...engine.store.waitpoints.values()].find((waitpoint) => waitpoint.status === 'waiting')!;
    expect(second).toMatchObject({ kind: 'retry', attempt: 3, wakeAt: engine.clock.now().getTime() + 2000 });

    await engine.elapse(2000);
    expect(engine.calls.map((call) => call.attempt)).toEqual([1, 2, 3]);
    expect(engine.step(runId, 'a')).toMatchObject({ status: 'failed', attempt: 3, error: { code: 'NETWORK' } });
    expect(engine.run(runId)).toMatchObject({ status: 'failed', error: { code: 'NETWORK' } });
    expect(failed).toEqual([{ runId, nodeId: 'a', code: 'NETWORK' }]);
  });

  it('follows the error handle of a failed step: the run goes on there and succeeds', async () => {
    const { failed, services } = alerts();
    const engine = new MemoryEngine({ services });
    const flow = graph([trigger, act('a', { failCode: 'URL_NOT_ALLOWED', succeedOnAttempt: 9 }), act('handler'), act('next')], [['start', 'a'], ['a', 'handler', 'error'], ['a', 'next']]);
    const runId = await engine.start(flow);

    await engine.drain();

    // A permanent error spends no retry.
    expect(engine.calls.map((call) => call.nodeId)).toEqual(['a', 'handler']);
    expect(engine.step(runId, 'a')).toMatchObject({ status: 'failed', handle: 'error', output: { error: { code: 'URL_NOT_ALLOWED' } } });
    expect(engine.step(runId, 'next')).toMatchObject({ status: 'skipped' });
    expect(engine.step(runId, 'handler')).toMatchObject({ status: 'succeeded' });
    expect(engine.run(runId)).toMatchObject({ status: 'succeeded', remaining: 0 });
    expect(failed).toEqual([]);
  });

  it('runs a loop body once per item, at most `concurrency` at a time, and continues on done', async () => {
    const engine = new MemoryEngine();
    const flow = graph(
      [trigger, { id: 'loop', type: 'flow.loop', config: { items: '["x","y","z"]', concurrency: 2 } }, act('body', { label: 'item {{steps.loop.item}}' }), act('after', { label: '{{steps.loop.succeeded}} done' })],
      [['start', 'loop'], ['loop', 'body', 'item'], ['loop', 'after', 'done']],
    );
    const runId = await engine.start(flow);

    await engine.runNext();
    expect(engine.step(runId, 'loop')).toMatchObject({ status: 'waiting', output: { count: 3, concurrency: 2 } });
    expect(engine.queue.steps.map((job) => `${job.nodeId}#${job.scope}`)).toEqual(['body#0', 'body#1']);

    await engine.drain();

    expect(engine.calls.map((call) => call.label).sort()).toEqual(['3 done', 'item x', 'item y', 'item z']);
    expect(engine.step(runId, 'body', '2')).toMatchObject({ status: 'succeeded', output: { label: 'item z' } });
    expect(engine.step(runId, 'loop')).toMatchObject({ status: 'succeeded', handle: 'done', output: { count: 3, succeeded: 3, failed: 0 } });
    expect((engine.step(runId, 'loop')!.output as { results: unknown[] }).results).toMatchObject([
      { index: 0, item: 'x', status: 'succeeded', outputs: { body: { label: 'item x' } } },
      { index: 1, item: 'y', status: 'succeeded' },
      { index: 2, item: 'z', status: 'succeeded' },
    ]);
    expect(engine.run(runId)).toMatchObject({ status: 'succeeded', remaining: 0 });
  });

  it('reports a failed item on that item and lets the loop go on', async () => {
    const engine = new MemoryEngine();
    const flow = graph(
      [trigger, { id: 'loop', type: 'flow.loop', config: { items: '[1, 2]' } }, act('body', { failCode: 'URL_NOT_ALLOWED', succeedOnAttempt: '{{steps.loop.item}}' }), act('after')],
      [['start', 'loop'], ['loop', 'body', 'item'], ['loop', 'after', 'done']],
    );
    const runId = await engine.start(flow);

    await engine.drain();

    // The item 2 needs a second attempt, which a permanent error does not get: that item fails, the loop goes on.
    expect(engine.step(runId, 'loop')).toMatchObject({ status: 'succeeded', handle: 'done', output: { count: 2, succeeded: 1, failed: 1 } });
    expect((engine.step(runId, 'loop')!.output as { results: unknown[] }).results).toMatchObject([
      { index: 0, item: 1, status: 'succeeded' },
      { index: 1, item: 2, status: 'failed', error: { code: 'URL_NOT_ALLOWED' } },
    ]);
    expect(engine.step(runId, 'after')).toMatchObject({ status: 'succeeded' });
    expect(engine.run(runId)).toMatchObject({ status: 'succeeded' });
  });

  it('runs a linear run in the job that started it, storing each step before the next one runs', async () => {
    const stored: string[] = [];
    const engine: MemoryEngine = new MemoryEngine({
      // Heard before the step is stored: what its predecessors are by then.
      observer: { afterSideEffect: (step) => void stored.push(`${step.nodeId}: ${['a', 'b'].map((id) => engine.step(step.runId, id)?.status ?? '-').join(' ')}`) },
    });
    const runId = await engine.start(graph([trigger, act('a'), act('b'), act('c')], [['start', 'a'], ['a', 'b'], ['b', 'c']]));

    expect(await engine.runNext()).toBe(true);

    expect(engine.queue.steps).toEqual([]);
    expect(engine.calls.map((call) => call.nodeId)).toEqual(['a', 'b', 'c']);
    expect(stored).toEqual(['a: - -', 'b: succeeded -', 'c: succeeded succeeded']);
    expect(engine.run(runId)).toMatchObject({ status: 'succeeded', remaining: 0 });
    // Each step's write ended the lease its execution held.
    expect(engine.store.leases.size).toBe(0);
  });

  it('hands each branch of a fan-out to a job of its own', async () => {
    const engine = new MemoryEngine();
    const runId = await engine.start(graph([trigger, act('a'), act('b'), act('c')], [['start', 'a'], ['a', 'b'], ['a', 'c']]));

    await engine.runNext();

    expect(engine.calls.map((call) => call.nodeId)).toEqual(['a']);
    expect(engine.queue.steps).toMatchObject([{ nodeId: 'b' }, { nodeId: 'c' }]);
    await engine.drain();
    expect(engine.run(runId)).toMatchObject({ status: 'succeeded', remaining: 0 });
  });

  it('replays a job whose worker died mid-run: stored steps are not invoked again, and the run goes on from the last one', async () => {
    const engine = new MemoryEngine({ unavailable: (error) => error instanceof UnreachableDatabase });
    const runId = await engine.start(graph([trigger, act('a'), act('b'), act('c', { unreachableCalls: 1 })], [['start', 'a'], ['a', 'b'], ['b', 'c']]));
    const job = engine.queue.steps[0]!;

    // The job stored `a` and `b`, then died in `c` (here: its port lost the database), and comes back.
    await expect(engine.runNext()).rejects.toBeInstanceOf(UnreachableDatabase);
    expect(engine.step(runId, 'b')).toMatchObject({ status: 'succeeded' });
    expect(engine.step(runId, 'c')).toBeUndefined();
    engine.cache.evict(runId);
    await engine.executor.runStep(job);

    expect(engine.calls.map((call) => call.nodeId)).toEqual(['a', 'b', 'c', 'c']);
    expect(engine.run(runId)).toMatchObject({ status: 'succeeded', remaining: 0 });
    // Delivered once more after the run ended, the job changes nothing.
    await engine.executor.runStep(job);
    expect(engine.calls).toHaveLength(4);
  });

  it('parks a step that waits for a reply; the reply resumes it on its handle and the late alarm does nothing', async () => {
    const engine = new MemoryEngine();
    const flow = graph(
      [trigger, { id: 'wait', type: 'test.await_reply', config: { from: '+14155551234' } }, act('replied'), act('timed_out')],
      [['start', 'wait'], ['wait', 'replied', 'replied'], ['wait', 'timed_out', 'timeout']],
    );
    const runId = await engine.start(flow);

    await engine.drain();
    expect(engine.step(runId, 'wait')).toMatchObject({ status: 'waiting' });
    expect(engine.run(runId)).toMatchObject({ status: 'waiting' });
    const waitpoint = await engine.store.openWaitpoint(runId, 'wait', '');
    expect(waitpoint).toMatchObject({ kind: 'reply', status: 'waiting', payload: { from: '+14155551234' } });
    expect(engine.queue.alarms).toEqual([{ waitpointId: waitpoint!.id, wakeAt: new Date(waitpoint!.wakeAt!) }]);

    // What the inbound path does with a reply: resolve the waitpoint (one resolver wins), then resume.
    expect(await engine.store.resolveWaitpoint(waitpoint!.id, 'reply', { text: 'yes' })).not.toBeNull();
    await engine.queue.enqueueResume(waitpoint!.id);
    await engine.drain();

    expect(engine.step(runId, 'wait')).toMatchObject({ status: 'succeeded', handle: 'replied', output: { message: { text: 'yes' } } });
    expect(engine.step(runId, 'timed_out')).toMatchObject({ status: 'skipped' });
    expect(engine.run(runId)).toMatchObject({ status: 'succeeded', remaining: 0 });
    await engine.elapse(60_000);
    expect(engine.calls.map((call) => call.nodeId)).toEqual(['replied']);
  });

  it('takes the timeout handle when no reply comes before the alarm', async () => {
    const engine = new MemoryEngine();
    const flow = graph(
      [trigger, { id: 'wait', type: 'test.await_reply', config: { from: '+14155551234', timeoutMs: 5000 } }, act('replied'), act('timed_out')],
      [['start', 'wait'], ['wait', 'replied', 'replied'], ['wait', 'timed_out', 'timeout']],
    );
    const runId = await engine.start(flow);
    await engine.drain();

    await engine.elapse(5000);

    expect(engine.step(runId, 'wait')).toMatchObject({ status: 'succeeded', handle: 'timeout' });
    expect(engine.calls.map((call) => call.nodeId)).toEqual(['timed_out']);
    expect(engine.run(runId)).toMatchObject({ status: 'succeeded' });
  });

  it('waits out a delay durably: a redelivered job re-arms the alarm, and the alarm moves the run on', async () => {
    const engine = new MemoryEngine();
    const runId = await engine.start(graph([trigger, { id: 'pause', type: 'flow.delay', config: { amount: 5, unit: 'minutes' } }, act('later')], [['start', 'pause'], ['pause', 'later']]));
    await engine.drain();
    expect(engine.step(runId, 'pause')).toMatchObject({ status: 'waiting' });
    const [alarm] = engine.queue.alarms.splice(0);

    // Redis lost the alarm; the step's job comes again (the sweep) and arms it again.
    await engine.executor.runStep({ runId, nodeId: 'pause', scope: '', attempt: 1 });
    expect(engine.queue.alarms).toEqual([alarm]);
    await engine.elapse(5 * 60_000);

    expect(engine.step(runId, 'later')).toMatchObject({ status: 'succeeded' });
    expect(engine.run(runId)).toMatchObject({ status: 'succeeded', remaining: 0 });
  });

  it('runs a join once, when its last parent resolved, and counts the run down to zero', async () => {
    const finished: Array<{ runId: string; status: string }> = [];
    const callers: CallerNotifier = { runFinished: async (runId, status) => void finished.push({ runId, status }) };
    const engine = new MemoryEngine({ callers });
    const flow = graph([trigger, act('left'), act('right'), act('join', { label: '{{steps.left.label}}+{{steps.right.label}}' }), act('end')], [['start', 'left'], ['start', 'right'], ['left', 'join'], ['right', 'join'], ['join', 'end']]);
    const runId = await engine.start(flow);
    expect(engine.run(runId).remaining).toBe(4);

    await engine.runNext();
    expect(engine.run(runId)).toMatchObject({ status: 'running', remaining: 3 });
    expect(engine.queue.steps.map((job) => job.nodeId)).toEqual(['right']);
    await engine.drain();

    expect(engine.calls.map((call) => call.label)).toEqual(['left', 'right', 'left+right', 'end']);
    expect(engine.run(runId)).toMatchObject({ status: 'succeeded', remaining: 0 });
    // Only a flow whose caller waits (an in-call function) tells the caller channel.
    expect(finished).toEqual([]);
  });

  it('skips a join none of whose parents fired into it, and the skip propagates', async () => {
    const engine = new MemoryEngine();
    const flow = graph(
      [trigger, act('left', { failCode: 'URL_NOT_ALLOWED', succeedOnAttempt: 9 }), act('right', { failCode: 'URL_NOT_ALLOWED', succeedOnAttempt: 9 }), act('fallback'), act('join'), act('end')],
      [['start', 'left'], ['start', 'right'], ['left', 'join'], ['right', 'join'], ['join', 'end'], ['left', 'fallback', 'error'], ['right', 'fallback', 'error']],
    );
    const runId = await engine.start(flow);

    await engine.drain();

    expect(engine.step(runId, 'join')).toMatchObject({ status: 'skipped' });
    expect(engine.step(runId, 'end')).toMatchObject({ status: 'skipped' });
    expect(engine.step(runId, 'fallback')).toMatchObject({ status: 'succeeded' });
    expect(engine.run(runId)).toMatchObject({ status: 'succeeded', remaining: 0 });
  });

  it('stores a step whose result the store refuses as failed OUTPUT_NOT_STORABLE, without running it again', async () => {
    const { failed, services } = alerts();
    const engine = new MemoryEngine({ services });
    const runId = await engine.start(graph([trigger, act('a', { unstorable: true })], [['start', 'a']]));

    await engine.drain();

    expect(engine.step(runId, 'a')).toMatchObject({ status: 'failed', error: { code: 'OUTPUT_NOT_STORABLE', retryable: false } });
    expect(engine.run(runId)).toMatchObject({ status: 'failed' });
    expect(engine.calls).toHaveLength(1);
    expect(failed).toEqual([{ runId, nodeId: 'a', code: 'OUTPUT_NOT_STORABLE' }]);
  });

  it('executes nothing while another execution holds the step lease', async () => {
    const engine = new MemoryEngine();
    const runId = await engine.start(graph([trigger, act('a')], [['start', 'a']]));
    await engine.store.acquireLease({ runId, nodeId: 'a', scope: '', owner: 'another worker' }, 60_000, null);

    await expect(engine.runNext()).rejects.toBeInstanceOf(StepLeaseHeld);
    expect(engine.calls).toEqual([]);

    // The holder died: its lease expires, and the job the queue retries runs the step.
    engine.clock.advance(60_001);
    await engine.executor.runStep({ runId, nodeId: 'a', scope: '', attempt: 1 });
    expect(engine.calls).toHaveLength(1);
    expect(engine.run(runId)).toMatchObject({ status: 'succeeded' });
  });

  it("spends no attempt when a port finds the engine's own database unreachable: the job leaves, and its retry runs the step", async () => {
    const engine = new MemoryEngine({ unavailable: (error) => error instanceof UnreachableDatabase });
    const runId = await engine.start(graph([trigger, act('a', { unreachableCalls: 1 })], [['start', 'a']]));

    await expect(engine.runNext()).rejects.toBeInstanceOf(UnreachableDatabase);
    expect(engine.step(runId, 'a')).toBeUndefined();

    // The queue puts the job back; run again, the step runs at its first attempt and succeeds.
    await engine.executor.runStep({ runId, nodeId: 'a', scope: '', attempt: 1 });
    expect(engine.calls.map((call) => call.attempt)).toEqual([1, 1]);
    expect(engine.step(runId, 'a')).toMatchObject({ status: 'succeeded', attempt: 1 });

    // Without the classifier the same error is the step's failure, and costs an attempt.
    const plain = new MemoryEngine();
    const failing = await plain.start(graph([trigger, act('a', { unreachableCalls: 1 })], [['start', 'a']]));
    await plain.drain();
    expect(plain.step(failing, 'a')).toMatchObject({ status: 'running', error: { code: 'INTERNAL' } });
  });

  it('tells its observer of each side effect done, before the outcome is stored', async () => {
    const seen: Array<{ nodeId: string; stored: string | undefined }> = [];
    const engine: MemoryEngine = new MemoryEngine({ observer: { afterSideEffect: (step) => void seen.push({ nodeId: step.nodeId, stored: engine.step(step.runId, step.nodeId)?.status }) } });
    const runId = await engine.start(graph([trigger, { id: 'pause', type: 'flow.delay', config: { amount: 0, unit: 'seconds' } }, act('a')], [['start', 'pause'], ['pause', 'a']]));

    await engine.drain();

    // `flow.delay` has no side effect; `test.act` has one, and was not stored yet when the observer heard of it.
    expect(seen).toEqual([{ nodeId: 'a', stored: undefined }]);
    expect(engine.run(runId)).toMatchObject({ status: 'succeeded' });
  });
});
