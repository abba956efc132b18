import { z } from 'zod';
import { StepError } from '@switchboard/shared';
import { defineAction } from '../sdk/define';
import { templated } from '../sdk/fields';

const UNIT_MS = { seconds: 1_000, minutes: 60_000, hours: 3_600_000, days: 86_400_000 } as const;
type Unit = keyof typeof UNIT_MS;
const units = Object.keys(UNIT_MS) as [Unit, ...Unit[]];

/** Waits longer than a year are almost certainly a mistake (days typed for minutes). */
export const MAX_DELAY_MS = 365 * UNIT_MS.days;

const config = z
  .object({
    amount: templated.number('How long to wait, in the chosen unit, e.g. 5', { min: 0 }).optional(),
    unit: templated.enum(units, 'The unit of the amount: seconds, minutes, hours or days').optional(),
    until: templated.dateTime('Wait until this date and time instead, e.g. 2026-11-25T09:00:00+01:00 or {{trigger.variables.appointment_reminder_at}}').optional(),
  })
  .superRefine((value, ctx) => {
    const duration = value.amount !== undefined || value.unit !== undefined;
    if (duration && value.until !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['until'], message: 'Wait either for an amount of time or until a date and time, not both' });
    } else if (!duration && value.until === undefined) {
      ctx.addIssue({ code: 'custom', path: ['amount'], message: 'Enter how long to wait (amount and unit) or until when (a date and time)' });
    } else if (duration && value.amount === undefined) {
      ctx.addIssue({ code: 'custom', path: ['amount'], message: 'Enter how many seconds, minutes, hours or days to wait' });
    } else if (duration && value.unit === undefined) {
      ctx.addIssue({ code: 'custom', path: ['unit'], message: 'Choose seconds, minutes, hours or days' });
    } else if (value.amount !== undefined && value.unit !== undefined && value.amount * UNIT_MS[value.unit] > MAX_DELAY_MS) {
      // At design time a templated amount or unit makes this NaN, and the comparison false.
      ctx.addIssue({ code: 'custom', path: ['amount'], message: 'A delay can be at most 365 days' });
    }
  });

type DelayConfig = z.output<typeof config>;

/** When the delay ends, from the parsed config. */
export function wakeUpTime(config: DelayConfig, now: Date): Date {
  if (config.until !== undefined) return new Date(config.until);
  if (config.amount === undefined || config.unit === undefined) throw new StepError('CONFIG_INVALID', 'The delay has neither an amount of time nor a date and time');
  return new Date(now.getTime() + config.amount * UNIT_MS[config.unit]);
}

export const delay = defineAction({
  type: 'flow.delay',
  typeVersion: 1,
  title: 'Wait',
  description: 'Pauses the flow for a while (e.g. 5 minutes or 2 days) or until a date and time, then goes on. Waits survive restarts.',
  category: 'Flow',
  icon: 'clock',
  config,
  outputs: ['default'],
  sideEffect: false,
  sampleOutput: { until: '2026-11-21T10:05:00.000Z' },
  execute(ctx) {
    const now = ctx.now();
    const until = wakeUpTime(ctx.config, now);
    if (until.getTime() - now.getTime() > MAX_DELAY_MS) {
      throw new StepError('CONFIG_INVALID', `The delay ends on ${until.toISOString()}, more than 365 days from now`);
    }
    const output = { until: until.toISOString() };
    if (until.getTime() <= now.getTime()) return { output };
    return { wait: { until, output } };
  },
});
