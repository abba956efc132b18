import { describe, expect, it } from 'vitest';
import type { LoopIteration, StepView } from '../../api/types';
import {
  bodyRunCount,
  bodyTally,
  failedIterationsOf,
  filterIterations,
  initialIteration,
  initiallyOpenSteps,
  itemLabel,
  joinParts,
  loopIterations,
  loopProgress,
  loopSummary,
  progressLabel,
} from './loop-iterations';

function step(nodeId: string, status: StepView['status'], extra: Partial<StepView> = {}): StepView {
  return { nodeId, type: 't', name: nodeId, status, handle: null, input: null, output: null, error: null, warnings: [], attempts: 0, startedAt: null, finishedAt: null, durationMs: null, ...extra };
}

function iteration(index: number, status: LoopIteration['status'], steps: StepView[] = []): LoopIteration {
  return { index, item: { name: `Customer ${index}` }, status, steps };
}

/** 100 items, done: every 33rd (5, 38, 71) failed. */
const hundred = Array.from({ length: 100 }, (_, index) => iteration(index, index % 33 === 5 ? 'failed' : 'succeeded'));
const finishedLoop = step('each', 'succeeded', { handle: 'done', output: { count: 100, succeeded: 97, failed: 3, results: [] }, iterations: hundred });

describe('loop steps and their body', () => {
  it('tells a loop (its iterations) from a body step (how often it ran) and from other steps', () => {
    expect(loopIterations(finishedLoop)).toHaveLength(100);
    expect(loopIterations(step('send', 'failed', { loopId: 'each', iterations: 100 }))).toBeNull();
    expect(bodyRunCount(step('send', 'failed', { loopId: 'each', iterations: 100 }))).toBe(100);
    expect(bodyRunCount(step('send', 'pending', { loopId: 'each' }))).toBe(0);
    expect(bodyRunCount(step('call', 'succeeded'))).toBeNull();
  });
});

describe('loopProgress and its words', () => {
  it('sums up a finished loop as "97 succeeded · 3 failed"', () => {
    const progress = loopProgress(finishedLoop);
    expect(progress).toEqual({ total: 100, started: 100, succeeded: 97, failed: 3, running: 0, waiting: 0 });
    expect(progressLabel(progress)).toBe('97 succeeded · 3 failed');
    expect(loopSummary(progress)).toEqual([{ text: '100 items' }, { text: '97 succeeded' }, { text: '3 failed', failed: true }]);
    expect(joinParts(loopSummary(progress)!)).toBe('100 items · 97 succeeded · 3 failed');
  });

  it('says how far a running loop got, from the count it read and the iterations that started', () => {
    const iterations = [iteration(0, 'succeeded'), iteration(1, 'failed'), iteration(2, 'running'), iteration(3, 'waiting')];
    const progress = loopProgress(step('each', 'waiting', { output: { items: [1, 2, 3, 4, 5, 6], count: 6, concurrency: 2 }, iterations }));
    expect(progress).toMatchObject({ total: 6, started: 4, succeeded: 1, failed: 1, running: 1, waiting: 1 });
    expect(progressLabel(progress)).toBe('2 of 6 done · 1 running · 1 waiting · 1 failed');
  });

  it('names an empty list and a loop that has not read its list', () => {
    const empty = loopProgress(step('each', 'succeeded', { output: { count: 0, succeeded: 0, failed: 0, results: [] }, iterations: [] }));
    expect(progressLabel(empty)).toBe('No items');
    expect(joinParts(loopSummary(empty)!)).toBe('No items: went straight on to done');
    const pending = loopProgress(step('each', 'pending', { iterations: [] }));
    expect(pending.total).toBeNull();
    expect(loopSummary(pending)).toBeNull();
    const one = loopProgress(step('each', 'succeeded', { output: { count: 1, succeeded: 1, failed: 0, results: [] }, iterations: [iteration(0, 'succeeded')] }));
    expect(joinParts(loopSummary(one)!)).toBe('1 item · 1 succeeded');
  });
});

describe('filterIterations and initialIteration', () => {
  it('keeps the failed ones, or those under way, in item order', () => {
    expect(filterIterations(hundred, 'failed').map((entry) => entry.index)).toEqual([5, 38, 71]);
    expect(filterIterations(hundred, 'all')).toBe(hundred);
    const mixed = [iteration(0, 'succeeded'), iteration(1, 'waiting'), iteration(2, 'running'), iteration(3, 'failed')];
    expect(filterIterations(mixed, 'unfinished').map((entry) => entry.index)).toEqual([1, 2]);
  });

  it('opens the first failed item, else the first under way, else none', () => {
    expect(initialIteration(hundred)).toBe(5);
    expect(initialIteration([iteration(0, 'succeeded'), iteration(1, 'running')])).toBe(1);
    expect(initialIteration([iteration(0, 'succeeded')])).toBeNull();
  });
});

describe('itemLabel', () => {
  it.each<[unknown, string]>([
    [{ name: 'Customer 5', phone: '+14155551005', time: '14:00' }, 'Customer 5 · +14155551005'],
    [{ title: 'Cleaning', id: 42 }, 'Cleaning · 42'],
    [{ phone: '+14155551005', time: '9:00' }, '+14155551005'],
    [{ email: 'a@example.com' }, 'a@example.com'],
    ['+14155551005', '+14155551005'],
    ['  spaced\n  out  ', 'spaced out'],
    [7, '7'],
    [true, 'true'],
    [null, '—'],
    ['', '(empty text)'],
    [{}, '(empty object)'],
    [[], '(empty list)'],
    [{ a: 1, b: [2] }, '{"a":1,"b":[2]}'],
  ])('%j → %s', (item, label) => {
    expect(itemLabel(item)).toBe(label);
  });

  it('cuts long labels with an ellipsis', () => {
    const label = itemLabel({ name: 'A'.repeat(80) }, 20);
    expect(label).toHaveLength(20);
    expect(label.endsWith('…')).toBe(true);
  });
});

describe("a body step's failures", () => {
  const iterations = [
    iteration(0, 'succeeded', [step('send', 'succeeded'), step('note', 'succeeded')]),
    iteration(1, 'failed', [step('send', 'failed'), step('note', 'skipped')]),
    // Taken by the step's error edge: handled, so the item goes on and it is no failure.
    iteration(2, 'succeeded', [step('send', 'failed', { handle: 'error' }), step('note', 'skipped')]),
    iteration(3, 'running', [step('send', 'running'), step('note', 'pending')]),
  ];

  it('lists the items whose step failed for good', () => {
    expect(failedIterationsOf(iterations, 'send')).toEqual([1]);
    expect(failedIterationsOf(iterations, 'note')).toEqual([]);
  });

  it('counts the items a step ran for, not those it was skipped in or has not reached', () => {
    expect(bodyTally(iterations, 'send')).toEqual({ ran: 4, failed: [1] });
    expect(bodyTally(iterations, 'note')).toEqual({ ran: 1, failed: [] });
    expect(bodyTally(iterations, 'missing')).toEqual({ ran: 0, failed: [] });
  });

  it("opens an item's failed steps, else those under way, else every step that ran", () => {
    expect([...initiallyOpenSteps(iterations[1]!)]).toEqual(['send']);
    expect([...initiallyOpenSteps(iterations[3]!)]).toEqual(['send']);
    expect([...initiallyOpenSteps(iterations[0]!)]).toEqual(['send', 'note']);
    expect([...initiallyOpenSteps(iterations[2]!)]).toEqual(['send']);
  });
});
