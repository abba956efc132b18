import { describe, expect, it } from 'vitest';
import type { StepView } from '../../api/types';
import { deadline, minutesInWords, waitOutcome } from './wait-outcome';

function wait(status: StepView['status'], extra: Partial<StepView> = {}): StepView {
  return {
    nodeId: 'wait',
    type: 'flow.wait_for_reply',
    name: 'Wait for reply',
    status,
    handle: null,
    input: { connectionId: 'c1', from: '+14155550111', timeoutMinutes: 60 },
    output: null,
    error: null,
    warnings: [],
    attempts: 1,
    startedAt: '2026-11-21T10:00:00.000Z',
    finishedAt: null,
    durationMs: null,
    ...extra,
  };
}

describe('waitOutcome', () => {
  it('says whom a waiting step waits for and until when (its start plus the timeout)', () => {
    expect(waitOutcome(wait('waiting'))).toEqual({ kind: 'waiting', from: '+14155550111', timeoutMinutes: 60, until: '2026-11-21T11:00:00.000Z' });
  });

  it('carries the reply of a step that took "replied"', () => {
    const replied = wait('succeeded', {
      handle: 'replied',
      output: { outcome: 'replied', message: { text: 'Yes, Tuesday works', from: '+14155550111', name: 'Priya', timestamp: '2026-11-21T10:05:00.000Z' } },
    });
    expect(waitOutcome(replied)).toEqual({ kind: 'replied', from: '+14155550111', name: 'Priya', text: 'Yes, Tuesday works', at: '2026-11-21T10:05:00.000Z' });
  });

  it('says a step that took "timeout" got no reply', () => {
    expect(waitOutcome(wait('succeeded', { handle: 'timeout', output: { outcome: 'timeout', message: null } }))).toEqual({ kind: 'timeout', from: '+14155550111', timeoutMinutes: 60 });
  });

  it('reads the path when the output has no outcome', () => {
    expect(waitOutcome(wait('succeeded', { handle: 'timeout', output: {} }))?.kind).toBe('timeout');
  });

  it('has nothing to say for other steps, or a wait that did not start, was skipped or failed', () => {
    expect(waitOutcome({ ...wait('waiting'), type: 'flow.delay' })).toBeNull();
    expect(waitOutcome(wait('pending', { input: null, startedAt: null }))).toBeNull();
    expect(waitOutcome(wait('skipped'))).toBeNull();
    expect(waitOutcome(wait('failed'))).toBeNull();
  });

  it('has no deadline without a start or a timeout', () => {
    expect(deadline(null, 5)).toBeNull();
    expect(deadline('2026-11-21T10:00:00.000Z', null)).toBeNull();
    expect(waitOutcome(wait('waiting', { input: { from: '+14155550111' } }))).toMatchObject({ until: null, timeoutMinutes: null });
  });
});

describe('minutesInWords', () => {
  it.each<[number, string]>([
    [0.5, '30 s'],
    [0.02, '1 s'],
    [10, '10 min'],
    [90, '1 h 30 min'],
    [120, '2 h'],
    [1440, '1 day'],
    [2880, '2 days'],
  ])('%d → %s', (minutes, words) => {
    expect(minutesInWords(minutes)).toBe(words);
  });
});
