import { describe, expect, it } from 'vitest';
import type { AlertView } from '../../api/types';
import { badgeCount, mergeAlerts, parseAlertEvent, recipientsText, replaceAlert, unreadCount } from './alert-list';

const alert = (id: string, createdAt: string, readAt: string | null = null): AlertView => ({
  id, message: `Alert ${id}`, recipients: 'all', kind: 'flow', runId: null, flowId: null, isTest: false, createdAt, readAt,
});

describe('mergeAlerts', () => {
  it('puts a live alert on top of the loaded list', () => {
    const loaded = [alert('b', '2026-01-01T10:02:00Z'), alert('a', '2026-01-01T10:01:00Z')];
    expect(mergeAlerts(loaded, [alert('c', '2026-01-01T10:03:00Z')]).map((item) => item.id)).toEqual(['c', 'b', 'a']);
  });

  it('keeps an alert the stream and a reload both delivered once, at its newer state', () => {
    const live = [alert('c', '2026-01-01T10:03:00Z'), alert('b', '2026-01-01T10:02:00Z')];
    const reloaded = [alert('c', '2026-01-01T10:03:00Z', '2026-01-01T10:05:00Z'), alert('b', '2026-01-01T10:02:00Z'), alert('a', '2026-01-01T10:01:00Z')];
    const merged = mergeAlerts(live, reloaded);
    expect(merged.map((item) => [item.id, item.readAt])).toEqual([
      ['c', '2026-01-01T10:05:00Z'],
      ['b', null],
      ['a', null],
    ]);
  });

  it('keeps alerts a reload no longer returns (older than its page) and the same alert twice in one batch once', () => {
    const known = [alert('old', '2025-12-01T00:00:00Z')];
    expect(mergeAlerts(known, [alert('x', '2026-01-01T10:00:00Z'), alert('x', '2026-01-01T10:00:00Z')]).map((item) => item.id)).toEqual(['x', 'old']);
  });

  it('orders alerts of the same instant by id', () => {
    const at = '2026-01-01T10:00:00Z';
    expect(mergeAlerts([alert('a', at)], [alert('c', at), alert('b', at)]).map((item) => item.id)).toEqual(['c', 'b', 'a']);
  });
});

describe('unread alerts', () => {
  it('counts the alerts not read', () => {
    const alerts = [alert('a', '2026-01-01T10:00:00Z'), alert('b', '2026-01-01T10:01:00Z', '2026-01-01T10:02:00Z'), alert('c', '2026-01-01T10:03:00Z')];
    expect(unreadCount(alerts)).toBe(2);
    expect(unreadCount(replaceAlert(alerts, { ...alerts[0]!, readAt: '2026-01-01T10:04:00Z' }))).toBe(1);
    expect(unreadCount(mergeAlerts(alerts, [alert('d', '2026-01-01T10:05:00Z')]))).toBe(3);
    expect(unreadCount([])).toBe(0);
  });

  it('replaces a patched alert in place and ignores one it does not hold', () => {
    const alerts = [alert('a', '2026-01-01T10:00:00Z')];
    expect(replaceAlert(alerts, alert('z', '2026-01-01T10:00:00Z'))).toEqual(alerts);
  });

  it('shows the count on a badge, capped at 99+', () => {
    expect(badgeCount(0)).toBeNull();
    expect(badgeCount(7)).toBe('7');
    expect(badgeCount(100)).toBe('99+');
  });
});

describe('alert events', () => {
  it('reads an AlertView from an event', () => {
    const view: AlertView = { ...alert('a', '2026-01-01T10:00:00Z'), recipients: ['ana@example.com'], kind: 'run_failed', runId: 'r1', flowId: 'f1' };
    expect(parseAlertEvent(JSON.stringify(view))).toEqual(view);
  });

  it('skips data that is not an alert', () => {
    expect(parseAlertEvent('not json')).toBeNull();
    expect(parseAlertEvent('"text"')).toBeNull();
    expect(parseAlertEvent(JSON.stringify({ id: 'a' }))).toBeNull();
  });

  it('names the recipients', () => {
    expect(recipientsText('all')).toBe('everyone');
    expect(recipientsText(['Ana', 'bo@example.com'])).toBe('Ana, bo@example.com');
  });
});
