import { describe, expect, it } from 'vitest';
import { bucketLabel, failureMeaning, funnelBars, funnelPath, percent, periodQuery } from './analytics-format';

describe('the analytics page’s derivations', () => {
  const now = new Date('2026-12-03T10:00:00.000Z');

  it('reads a preset period back from now and a custom one from whole days', () => {
    expect(periodQuery('7d', { from: '', to: '' }, now)).toEqual({ from: '2026-11-26T10:00:00.000Z', to: '2026-12-03T10:00:00.000Z' });
    expect(periodQuery('90d', { from: '', to: '' }, now)!.from).toBe('2026-09-04T10:00:00.000Z');
    expect(periodQuery('custom', { from: '2026-11-01', to: '' }, now)).toBeNull();
    expect(periodQuery('custom', { from: '2026-11-05', to: '2026-11-01' }, now)).toBeNull();
    const custom = periodQuery('custom', { from: '2026-11-01', to: '2026-11-01' }, now)!;
    expect(new Date(custom.to).getTime() - new Date(custom.from).getTime()).toBe(24 * 60 * 60 * 1000);
  });

  it('asks for the group, the period and the daily series', () => {
    const path = funnelPath('campaign', { from: '2026-11-26T10:00:00.000Z', to: '2026-12-03T10:00:00.000Z' });
    const query = new URLSearchParams(path.split('?')[1]);
    expect(Object.fromEntries(query)).toEqual({ groupBy: 'campaign', from: '2026-11-26T10:00:00.000Z', to: '2026-12-03T10:00:00.000Z', interval: 'day' });
  });

  it('draws one bar per stage with its share of the messages', () => {
    const bars = funnelBars({ messages: 8, sent: 6, delivered: 5, read: 2, replied: 1, failed: 2 });
    expect(bars.map((bar) => [bar.stage, bar.count, bar.percent])).toEqual([
      ['Sent', 6, 75],
      ['Delivered', 5, 62.5],
      ['Read', 2, 25],
      ['Replied', 1, 12.5],
      ['Failed', 2, 25],
    ]);
    expect(funnelBars({ messages: 0, sent: 0, delivered: 0, read: 0, replied: 0, failed: 0 })[0]!.percent).toBe(0);
  });

  it('formats shares, days and error codes', () => {
    expect(percent(1, 3)).toBe('33.3 %');
    expect(percent(1, 0)).toBe('–');
    expect(bucketLabel({ at: '2026-12-03T00:00:00.000Z' })).toBe('Dec 3');
    expect(failureMeaning('OUTSIDE_24H_WINDOW')).toMatch(/24 hours/);
    expect(failureMeaning('SOMETHING_NEW')).toMatch(/step/);
  });
});
