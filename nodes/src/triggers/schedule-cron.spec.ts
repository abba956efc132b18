import { describe, expect, it } from 'vitest';
import { catalog } from '../catalog';
import { nextFirings, previousFiring, scheduleCron } from './schedule-cron';

describe('schedule.cron', () => {
  it('lists the next firings in the schedule\'s time zone, across a DST-free winter week', () => {
    expect(nextFirings('0 9 * * 1-5', 'Europe/Berlin', 3, new Date('2026-11-21T12:00:00Z'))).toEqual([
      '2026-11-23T08:00:00.000Z',
      '2026-11-24T08:00:00.000Z',
      '2026-11-25T08:00:00.000Z',
    ]);
    expect(nextFirings('*/20 * * * * *', 'UTC', 2, new Date('2026-11-21T12:00:05Z'))).toEqual(['2026-11-21T12:00:20.000Z', '2026-11-21T12:00:40.000Z']);
  });

  it('finds the tick at or before a moment (what start-up catches up on)', () => {
    expect(previousFiring('0 * * * *', 'UTC', new Date('2026-11-21T12:34:00Z'))?.toISOString()).toBe('2026-11-21T12:00:00.000Z');
    expect(previousFiring('0 * * * *', 'UTC', new Date('2026-11-21T12:00:00Z'))?.toISOString()).toBe('2026-11-21T12:00:00.000Z');
  });

  it('refuses a malformed expression or an unknown zone, naming the field', () => {
    const problems = catalog.validateConfig(scheduleCron, { cron: '61 * * *', timezone: 'Mars/Olympus' });
    expect(problems.map((problem) => problem.field).sort()).toEqual(['cron', 'timezone']);
    expect(catalog.validateConfig(scheduleCron, { cron: '0 9 * * 1-5', timezone: 'Asia/Kolkata' })).toEqual([]);
  });
});
