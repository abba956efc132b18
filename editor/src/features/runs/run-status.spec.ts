import { describe, expect, it } from 'vitest';
import type { RunStatus, RunView, StepView } from '../../api/types';
import { initiallyExpanded, isRunUnfinished, runElapsedMs, runListPollDelay, runPollDelay, sameStatuses, stepStatuses } from './run-status';

function step(nodeId: string, status: StepView['status']): StepView {
  return { nodeId, type: 't', name: nodeId, status, handle: null, input: null, output: null, error: null, warnings: [], attempts: 0, startedAt: null, finishedAt: null, durationMs: null };
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

describe('stepStatuses', () => {
  it('maps every node to its step status', () => {
    const run = { steps: [step('call', 'succeeded'), step('confirm', 'failed'), step('later', 'pending')] } as Pick<RunView, 'steps'>;
    expect(stepStatuses(run)).toEqual({ call: 'succeeded', confirm: 'failed', later: 'pending' });
  });

  it('compares maps by content', () => {
    expect(sameStatuses({ a: 'running' }, { a: 'running' })).toBe(true);
    expect(sameStatuses({ a: 'running' }, { a: 'succeeded' })).toBe(false);
    expect(sameStatuses({ a: 'running' }, { a: 'running', b: 'pending' })).toBe(false);
    expect(sameStatuses(null, { a: 'running' })).toBe(false);
    expect(sameStatuses(null, null)).toBe(true);
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
});
