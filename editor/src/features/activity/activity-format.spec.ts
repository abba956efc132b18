import type { ActivityEntry } from '@switchboard/shared';
import { describe, expect, it } from 'vitest';
import {
  EMPTY_FILTERS,
  activityQuery,
  aiVerdict,
  appendActivity,
  detectSearch,
  duplicateText,
  formatValue,
  mergeActivity,
  newestReceivedAt,
  notStartedText,
  rangeBounds,
  reasonComparisons,
} from './activity-format';

const entry = (id: string, receivedAt: string, summary = id): ActivityEntry => ({
  event: { id, type: 'call.completed', source: 'api', receivedAt, summary },
  flows: [],
});

describe('the search box', () => {
  it.each([
    ['+14155550100', 'phone'],
    ['+1 (415) 555-0100', 'phone'],
    ['4155550100', 'phone'],
    ['evt_123', 'eventId'],
    ['3f1c2a4e-0000-4000-8000-000000000000', 'eventId'],
    ['123', 'eventId'],
  ])('reads %s as a %s', (text, kind) => {
    expect(detectSearch(text)?.kind).toBe(kind);
  });

  it('ignores blanks', () => {
    expect(detectSearch('  ')).toBeNull();
  });
});

describe('the activity query', () => {
  it('leaves out empty filters and sends the phone as phone', () => {
    expect(activityQuery({ ...EMPTY_FILTERS, search: ' +14155550100 ' }, 50)).toBe('limit=50&phone=%2B14155550100');
  });

  it('sends the flow, status, call id, a cursor and a polling from', () => {
    const query = new URLSearchParams(
      activityQuery({ ...EMPTY_FILTERS, search: 'evt_1', callId: 'c1', flowId: 'f1', status: 'not_started' }, 10, { cursor: 'abc', from: '2026-01-01T00:00:00.000Z' }),
    );
    expect(Object.fromEntries(query)).toEqual({ limit: '10', eventId: 'evt_1', callId: 'c1', flowId: 'f1', status: 'not_started', from: '2026-01-01T00:00:00.000Z', cursor: 'abc' });
  });

  it('bounds today from local midnight and 7 days as a rolling week', () => {
    const now = new Date(2026, 0, 10, 15, 30);
    expect(rangeBounds({ range: 'today', from: '', to: '' }, now)).toEqual({ from: new Date(2026, 0, 10).toISOString() });
    expect(rangeBounds({ range: '7d', from: '', to: '' }, now)).toEqual({ from: new Date(now.getTime() - 7 * 86_400_000).toISOString() });
    expect(rangeBounds({ range: 'custom', from: '2026-01-01T10:00', to: 'nonsense' }, now)).toEqual({ from: new Date(2026, 0, 1, 10).toISOString() });
    expect(rangeBounds({ range: 'all', from: '2026-01-01T10:00', to: '' }, now)).toEqual({});
  });
});

describe('merging activity', () => {
  it('puts newer entries on top and keeps each event once, the fresher copy winning', () => {
    const current = [entry('b', '2026-01-01T10:00:01Z'), entry('a', '2026-01-01T10:00:00Z')];
    const merged = mergeActivity(current, [entry('c', '2026-01-01T10:00:02Z'), entry('b', '2026-01-01T10:00:01Z', 'b again')]);
    expect(merged.map((item) => item.event.summary)).toEqual(['c', 'b again', 'a']);
    expect(mergeActivity(current, [])).toBe(current);
  });

  it('appends older pages without repeating', () => {
    const current = [entry('b', '2026-01-01T10:00:01Z')];
    expect(appendActivity(current, [entry('b', '2026-01-01T10:00:01Z'), entry('a', '2026-01-01T10:00:00Z')]).map((item) => item.event.id)).toEqual(['b', 'a']);
  });

  it('finds the newest time', () => {
    expect(newestReceivedAt([entry('a', '2026-01-01T10:00:00Z'), entry('b', '2026-01-02T10:00:00Z')])).toBe('2026-01-02T10:00:00Z');
    expect(newestReceivedAt([])).toBeUndefined();
  });
});

describe('reasons', () => {
  const flow = { flowId: 'f', name: 'Missed calls', started: false };

  it('says why in words', () => {
    expect(notStartedText({ ...flow, reason: { code: 'CALL_TYPE_MISMATCH', message: 'call type did not match (connected only)' } })).toBe(
      'Not started: call type did not match (connected only)',
    );
    expect(notStartedText({ ...flow, reason: { code: 'FLOW_UNPUBLISHED', message: 'the flow is not published' } })).toBe('Draft: not published');
  });

  it('reads the comparisons of a false condition', () => {
    const comparisons = [{ variable: 'call.duration', operator: 'gt', expected: 60, actual: 12, holds: false }];
    expect(reasonComparisons({ code: 'CONDITION_FALSE', message: 'x', details: { comparisons } })).toEqual(comparisons);
    expect(reasonComparisons({ code: 'CONDITION_FALSE', message: 'x', details: { comparisons: 'nope' } })).toEqual([]);
    expect(reasonComparisons({ code: 'NOT_MATCHED', message: 'x', details: { comparisons } })).toEqual([]);
    expect([formatValue(undefined), formatValue('a'), formatValue(12), formatValue(null)]).toEqual(['—', 'a', '12', 'null']);
  });

  it('reads the AI’s answer', () => {
    expect(aiVerdict({ code: 'AI_CONDITION_FALSE', message: 'x', details: { question: 'Angry?', answer: false, reason: 'Calm' } })).toEqual({
      question: 'Angry?',
      answer: 'false',
      reason: 'Calm',
    });
    expect(aiVerdict({ code: 'CONDITION_FALSE', message: 'x' })).toBeNull();
  });

  it('counts deliveries again', () => {
    expect(duplicateText({ code: 'DUPLICATE_EVENT', message: 'x', details: { count: 3 } })).toBe('Delivered again 3 times');
    expect(duplicateText({ code: 'DUPLICATE_EVENT', message: 'x', details: { count: 1 } })).toBe('Delivered again 1 time');
    expect(duplicateText(undefined)).toBeNull();
  });
});
