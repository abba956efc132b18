import { describe, expect, it } from 'vitest';
import { customerKey, effectiveSendRate, factsOfPhoneNumber, factsOfQualityUpdate, pairBackoffMs, pairPaceOf, throughputOf, tierLimit } from './sender-limit-facts';

describe('tierLimit', () => {
  it.each([
    ['TIER_50', 50],
    ['TIER_250', 250],
    ['TIER_1K', 1000],
    ['tier_2k', 2000],
    ['TIER_10K', 10_000],
    ['TIER_100K', 100_000],
    ['TIER_UNLIMITED', null],
    ['1000', 1000],
  ])('reads %s as %s', (tier, limit) => {
    expect(tierLimit(tier)).toBe(limit);
  });

  it('says nothing for TIER_NOT_SET and unknown words', () => {
    expect(tierLimit('TIER_NOT_SET')).toBeUndefined();
    expect(tierLimit('SOMETHING_NEW')).toBeUndefined();
  });
});

describe('throughputOf', () => {
  it('reads STANDARD as 80/s and HIGH as 1000/s, nothing else', () => {
    expect(throughputOf('STANDARD')).toBe(80);
    expect(throughputOf('HIGH')).toBe(1000);
    expect(throughputOf('NOT_APPLICABLE')).toBeUndefined();
    expect(throughputOf(undefined)).toBeUndefined();
  });
});

describe('factsOfPhoneNumber', () => {
  it('reads tier, quality and throughput of a Graph phone number', () => {
    expect(factsOfPhoneNumber({ whatsapp_business_manager_messaging_limit: 'TIER_10K', quality_rating: 'yellow', throughput: { level: 'STANDARD' } })).toEqual({
      tier: 'TIER_10K',
      dailyLimit: 10_000,
      qualityRating: 'YELLOW',
      throughputPerSecond: 80,
    });
  });

  it('falls back to the deprecated messaging_limit_tier and leaves out what is missing', () => {
    expect(factsOfPhoneNumber({ messaging_limit_tier: 'TIER_UNLIMITED' })).toEqual({ tier: 'TIER_UNLIMITED', dailyLimit: null });
    expect(factsOfPhoneNumber(null)).toEqual({});
    expect(factsOfPhoneNumber({ whatsapp_business_manager_messaging_limit: 'TIER_NOT_SET' })).toEqual({ tier: 'TIER_NOT_SET' });
  });
});

describe('factsOfQualityUpdate', () => {
  const update = (fields: Partial<Parameters<typeof factsOfQualityUpdate>[0]>) => factsOfQualityUpdate({ event: null, currentLimit: null, maxDaily: null, qualityRating: null, ...fields });

  it('prefers max_daily_conversations_per_business over current_limit', () => {
    expect(update({ event: 'UPGRADE', currentLimit: 'TIER_1K', maxDaily: 'TIER_2K' })).toEqual({ tier: 'TIER_2K', dailyLimit: 2000 });
  });

  it('raises the throughput on THROUGHPUT_UPGRADE', () => {
    expect(update({ event: 'THROUGHPUT_UPGRADE', currentLimit: 'TIER_UNLIMITED' })).toEqual({ tier: 'TIER_UNLIMITED', dailyLimit: null, throughputPerSecond: 1000 });
  });

  it('keeps what was known when the limit says nothing', () => {
    expect(update({ event: 'ONBOARDING', currentLimit: 'TIER_NOT_SET' })).toEqual({});
    expect(update({ event: 'FLAGGED' })).toEqual({});
  });
});

describe('effectiveSendRate', () => {
  it("takes Meta's higher throughput only while the connection keeps the default rate", () => {
    expect(effectiveSendRate(80, 80, 1000)).toBe(1000);
    expect(effectiveSendRate(50, 80, 1000)).toBe(50);
    expect(effectiveSendRate(80, 80, null)).toBe(80);
    expect(effectiveSendRate(80, 80, 20)).toBe(80);
    expect(effectiveSendRate(10, undefined, 1000)).toBe(10);
  });
});

describe('pairBackoffMs', () => {
  it('grows as 4^n seconds, at least the pair interval, at most 15 minutes', () => {
    expect(pairBackoffMs(1, 2000)).toBe(4000);
    expect(pairBackoffMs(1, 6000)).toBe(6000);
    expect(pairBackoffMs(2, 6000)).toBe(16_000);
    expect(pairBackoffMs(3, 6000)).toBe(64_000);
    expect(pairBackoffMs(99, 6000)).toBe(15 * 60_000);
  });
});

describe('pairPaceOf', () => {
  it('reads the interval in ms and the burst, none when unset or 0', () => {
    expect(pairPaceOf({ pairIntervalSeconds: 6, pairBurst: 45 })).toEqual({ intervalMs: 6000, burst: 45 });
    expect(pairPaceOf({ pairIntervalSeconds: 1.5 })).toEqual({ intervalMs: 1500, burst: 1 });
    expect(pairPaceOf({})).toEqual({ intervalMs: 0, burst: 1 });
    expect(pairPaceOf({ pairIntervalSeconds: 0, pairBurst: 3 })).toEqual({ intervalMs: 0, burst: 3 });
  });
});

describe('customerKey', () => {
  it('keys a customer by the digits of the number', () => {
    expect(customerKey('+49 151 1234-5678')).toBe(customerKey('+4915112345678'));
  });
});
