import { describe, expect, it } from 'vitest';
import { dailyUsage, pairPace, qualityBadge, tierLabel } from './connection-limits';

describe('qualityBadge', () => {
  it('colours Meta’s quality rating', () => {
    expect(qualityBadge('GREEN')).toEqual({ label: 'High', tone: 'good' });
    expect(qualityBadge('YELLOW')).toEqual({ label: 'Medium', tone: 'warn' });
    expect(qualityBadge('red')).toEqual({ label: 'Low', tone: 'bad' });
    expect(qualityBadge('UNKNOWN')).toEqual({ label: 'Not rated yet', tone: 'unknown' });
    expect(qualityBadge(null).tone).toBe('unknown');
  });
});

describe('tierLabel', () => {
  it('drops the TIER_ prefix', () => {
    expect(tierLabel('TIER_2K')).toBe('2K');
    expect(tierLabel('TIER_UNLIMITED')).toBe('Unlimited');
    expect(tierLabel(null)).toBeNull();
  });
});

describe('dailyUsage', () => {
  it('says how much of the daily limit is used, and when it is full', () => {
    expect(dailyUsage({ dailyCustomerLimit: 250, customersLast24h: 12 })).toEqual({ text: '12 of 250 customers in 24 h', full: false });
    expect(dailyUsage({ dailyCustomerLimit: 2, customersLast24h: 2 })).toEqual({ text: '2 of 2 customers in 24 h', full: true });
    expect(dailyUsage({ dailyCustomerLimit: null, customersLast24h: 1 })).toEqual({ text: '1 customer in 24 h, no limit known', full: false });
  });
});

describe('pairPace', () => {
  it('says how messages to one customer are spaced', () => {
    expect(pairPace({ pairIntervalSeconds: 6, pairBurst: 45 })).toBe('1 every 6 s, bursts of 45');
    expect(pairPace({ pairIntervalSeconds: 2, pairBurst: 1 })).toBe('1 every 2 s');
    expect(pairPace({ pairIntervalSeconds: null, pairBurst: 1 })).toBe('not spaced');
  });
});
