import { describe, expect, it } from 'vitest';
import type { LoopIteration, RunStatus, RunView, StepView } from '../../api/types';
import { initiallyExpanded, isRunUnfinished, runElapsedMs, runListPollDelay, runPollDelay, sameOverlays, stepOverlays } from './run-status';

function step(nodeId: string, status: StepView['status'], extra: Partial<StepView> = {}): StepView {
  return { nodeId, type: 't', name: nodeId, status, handle: null, input: null, output: null, error: null, warnings: [], attempts: 0, startedAt: null, finishedAt: null, durationMs: null, ...extra };
}

/** call → each (loop over 4 items; item 2's send failed, item 3's was handled by its error edge) → send, note. */
function loopRun(): Pick<RunView, 'steps'> {
  const iteration = (index: number, send: StepView['status'], handle: string | null = null): LoopIteration => ({
    index,
    item: { name: `Customer ${index}` },
    status: send === 'failed' && handle !== 'error' ? 'failed' : 'succeeded',
    steps: [step('send', send, { handle }), step('note', send === 'failed' ? 'skipped' : 'succeeded')],
  });
  const iterations = [iteration(0, 'succeeded'), iteration(1, 'succeeded'), iteration(2, 'failed'), iteration(3, 'failed', 'error')];
  return {
    steps: [
      step('call', 'succeeded'),
      step('each', 'succeeded', { handle: 'done', output: { count: 4, succeeded: 3, failed: 1, results: [] }, iterations }),
      step('send', 'failed', { loopId: 'each', iterations: 4 }),
      // The engine counts the items the step was skipped in too.
      step('note', 'succeeded', { loopId: 'each', iterations: 4 }),
      step('later', 'pending', { loopId: 'other', iterations: 0 }),
    ],
  };
}

describe('run polling', () => {
  it.each<[RunStatus, boolean]>([
    ['queued', true],
    ['running', true],
    ['waiting', true],
    ['succeeded', false],
    ['failed', false],
    ['cancelled', false],
  ])('a %s run is unfinished: %s', (status, unfinished) => {
    expect(isRunUnfinished(status)).toBe(unfinished);
    expect(runPollDelay({ status })).toBe(unfinished ? 1000 : null);
  });

  it('polls a run it has not loaded yet', () => {
    expect(runPollDelay(undefined)).toBe(1000);
  });

  it('polls the list fast while any run is unfinished', () => {
    expect(runListPollDelay([{ status: 'succeeded' }, { status: 'waiting' }])).toBe(2000);
    expect(runListPollDelay([{ status: 'succeeded' }, { status: 'failed' }])).toBe(5_000);
    expect(runListPollDelay([])).toBe(5_000);
  });
});

describe('stepOverlays', () => {
  it('maps every node to its step status', () => {
    const run = { steps: [step('call', 'succeeded'), step('confirm', 'failed'), step('later', 'pending')] } as Pick<RunView, 'steps'>;
    expect(stepOverlays(run)).toEqual({ call: { status: 'succeeded' }, confirm: { status: 'failed' }, later: { status: 'pending' } });
  });

  it('marks an AI step the offline rules answered', () => {
    const run = { steps: [step('reply', 'succeeded', { output: { reply: 'Thanks', offline: true, model: 'offline' } }), step('send', 'succeeded')] } as Pick<RunView, 'steps'>;
    expect(stepOverlays(run)).toEqual({ reply: { status: 'succeeded', offlineAi: true }, send: { status: 'succeeded' } });
  });

  it("tallies a loop's items and how often each step of its body ran, with the failures that were not handled", () => {
    const overlays = stepOverlays(loopRun());
    expect(overlays.each).toEqual({ status: 'succeeded', repeats: { kind: 'items', count: 4, failed: 1 } });
    expect(overlays.send).toEqual({ status: 'failed', repeats: { kind: 'runs', count: 4, failed: 1 } });
    // It ran for the two items whose send succeeded, and was skipped in the others.
    expect(overlays.note).toEqual({ status: 'succeeded', repeats: { kind: 'runs', count: 2, failed: 0 } });
    // Not run yet: no tally, only the status.
    expect(overlays.later).toEqual({ status: 'pending' });
  });

  it('gives no tally to a body step that was skipped in every item', () => {
    const run = loopRun();
    const each = run.steps[1]!;
    const skippedEverywhere = (each.iterations as LoopIteration[]).map((entry) => ({ ...entry, steps: entry.steps.map((inner) => (inner.nodeId === 'note' ? { ...inner, status: 'skipped' as const } : inner)) }));
    const overlays = stepOverlays({ steps: run.steps.map((entry) => (entry.nodeId === 'each' ? { ...entry, iterations: skippedEverywhere } : entry.nodeId === 'note' ? { ...entry, status: 'skipped' as const } : entry)) });
    expect(overlays.note).toEqual({ status: 'skipped' });
  });

  it('compares maps by content, tallies included', () => {
    expect(sameOverlays({ a: { status: 'running' } }, { a: { status: 'running' } })).toBe(true);
    expect(sameOverlays({ a: { status: 'running' } }, { a: { status: 'succeeded' } })).toBe(false);
    expect(sameOverlays({ a: { status: 'running' } }, { a: { status: 'running' }, b: { status: 'pending' } })).toBe(false);
    expect(sameOverlays(null, { a: { status: 'running' } })).toBe(false);
    expect(sameOverlays(null, null)).toBe(true);
    const tally = (count: number, failed: number) => ({ a: { status: 'running' as const, repeats: { kind: 'runs' as const, count, failed } } });
    expect(sameOverlays(tally(10, 1), tally(10, 1))).toBe(true);
    expect(sameOverlays(tally(10, 1), tally(11, 1))).toBe(false);
    expect(sameOverlays(tally(10, 1), tally(10, 2))).toBe(false);
    expect(sameOverlays(tally(10, 1), { a: { status: 'running' } })).toBe(false);
  });
});

describe('runElapsedMs', () => {
  const createdAt = '2026-11-21T12:00:00.000Z';
  it('uses the stored duration of a finished run', () => {
    expect(runElapsedMs({ status: 'succeeded', createdAt, durationMs: 42 })).toBe(42);
  });
  it('counts from creation while the run is unfinished', () => {
    expect(runElapsedMs({ status: 'waiting', createdAt, durationMs: null }, Date.parse(createdAt) + 5000)).toBe(5000);
  });
  it('has none for a finished run without one', () => {
    expect(runElapsedMs({ status: 'cancelled', createdAt, durationMs: null })).toBeNull();
  });
});

describe('initiallyExpanded', () => {
  it('opens failed steps first, else the moving ones', () => {
    expect(initiallyExpanded({ steps: [step('a', 'succeeded'), step('b', 'failed')] })).toEqual(['b']);
    expect(initiallyExpanded({ steps: [step('a', 'succeeded'), step('b', 'waiting')] })).toEqual(['b']);
    expect(initiallyExpanded({ steps: [step('a', 'succeeded')] })).toEqual([]);
  });

  it('opens the loop in place of a step of its body that failed', () => {
    expect(initiallyExpanded(loopRun())).toEqual(['each']);
  });
});
