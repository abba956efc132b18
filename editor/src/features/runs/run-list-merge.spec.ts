import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../api/types';
import { mergeRuns } from './run-list-merge';

const run = (id: string, createdAt: string, status: RunSummary['status'] = 'succeeded'): RunSummary => ({
  id, flowId: 'f', flowVersionId: 'v', status, isTest: false, customer: null, summary: '', version: 1, replayOf: null, error: null, createdAt, startedAt: createdAt, finishedAt: null, durationMs: null,
});

describe('mergeRuns', () => {
  it('keeps runs newest first and updates known ones in place', () => {
    const known = [run('b', '2026-01-01T10:02:00Z', 'running'), run('a', '2026-01-01T10:01:00Z')];
    const merged = mergeRuns(known, [run('c', '2026-01-01T10:03:00Z'), run('b', '2026-01-01T10:02:00Z', 'succeeded')]);
    expect(merged.map((item) => [item.id, item.status])).toEqual([
      ['c', 'succeeded'],
      ['b', 'succeeded'],
      ['a', 'succeeded'],
    ]);
  });

  it('orders runs of the same instant by id, as the API pages them', () => {
    const at = '2026-01-01T10:00:00Z';
    expect(mergeRuns([], [run('a', at), run('c', at), run('b', at)]).map((item) => item.id)).toEqual(['c', 'b', 'a']);
  });
});
