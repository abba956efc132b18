import { StepError } from '@switchboard/shared';
import { describe, expect, it } from 'vitest';
import { catalog } from '../catalog';
import { failure, NOW, runAction } from '../testing/harness';
import { delay } from './delay';

const fields = (config: Record<string, unknown>) => catalog.validateConfig(delay, config).map((problem) => problem.field);
const runtimeFields = (config: Record<string, unknown>) => {
  const result = catalog.parseConfig(delay, config);
  return result.ok ? [] : result.problems.map((problem) => problem.field);
};

describe('flow.delay', () => {
  it('waits an amount of time from now', async () => {
    const until = new Date(NOW.getTime() + 5 * 60_000);
    expect(await runAction(delay, { amount: 5, unit: 'minutes' })).toEqual({ wait: { until, output: { until: until.toISOString() } } });
  });

  it('takes a rendered amount as a numeric string', async () => {
    const until = new Date(NOW.getTime() + 2 * 86_400_000);
    expect(await runAction(delay, { amount: '2', unit: 'days' })).toEqual({ wait: { until, output: { until: until.toISOString() } } });
  });

  it('waits until a date and time in the future', async () => {
    const result = await runAction(delay, { until: '2026-11-25T09:00:00+01:00' });
    expect(result).toEqual({ wait: { until: new Date('2026-11-25T08:00:00.000Z'), output: { until: '2026-11-25T08:00:00.000Z' } } });
  });

  it('goes on at once when the time has passed or the amount is zero', async () => {
    expect(await runAction(delay, { until: '2026-11-20T15:00:00Z' })).toEqual({ output: { until: '2026-11-20T15:00:00.000Z' } });
    expect(await runAction(delay, { until: NOW.toISOString() })).toEqual({ output: { until: NOW.toISOString() } });
    expect(await runAction(delay, { amount: 0, unit: 'seconds' })).toEqual({ output: { until: NOW.toISOString() } });
  });

  it('refuses a date more than 365 days away when it runs', async () => {
    const error = await failure(runAction(delay, { until: '2028-01-01T00:00:00Z' }));
    expect(error).toBeInstanceOf(StepError);
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.retryable).toBe(false);
  });

  it('needs exactly one of the two forms, each complete', () => {
    expect(fields({})).toEqual(['amount']);
    expect(fields({ amount: 5, unit: 'minutes', until: '2026-11-25T09:00:00Z' })).toEqual(['until']);
    expect(fields({ unit: 'minutes', until: '2026-11-25T09:00:00Z' })).toEqual(['until']);
    expect(fields({ amount: 5 })).toEqual(['unit']);
    expect(fields({ unit: 'hours' })).toEqual(['amount']);
    expect(fields({ amount: 5, unit: 'minutes' })).toEqual([]);
    expect(fields({ until: '2026-11-25T09:00:00Z' })).toEqual([]);
  });

  it('refuses bad values and delays over 365 days', () => {
    expect(fields({ amount: 366, unit: 'days' })).toEqual(['amount']);
    expect(fields({ amount: 365, unit: 'days' })).toEqual([]);
    expect(fields({ amount: -1, unit: 'days' })).toEqual(['amount']);
    expect(fields({ amount: 5, unit: 'weeks' })).toEqual(['unit']);
    expect(fields({ until: 'next tuesday' })).toEqual(['until']);
    expect(fields({ until: '2026-11-25T09:00:00' })).toEqual(['until']);
  });

  it('accepts templates at design time and needs them rendered at run time', () => {
    const templated = { amount: '{{trigger.variables.wait_minutes}}', unit: '{{trigger.variables.wait_unit}}' };
    expect(fields(templated)).toEqual([]);
    expect(fields({ until: '{{trigger.variables.reminder_at}}' })).toEqual([]);
    expect(runtimeFields(templated)).toEqual(['amount', 'unit']);
    expect(runtimeFields({ amount: '', unit: 'minutes' })).toEqual(['amount']);
  });
});
