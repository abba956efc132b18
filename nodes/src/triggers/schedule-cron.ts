import { CronExpressionParser } from 'cron-parser';
import { z } from 'zod';
import { isValidTimeZone } from '@switchboard/shared';
import { defineTrigger } from '../sdk/define';

/**
 * The next `count` firing times of a cron expression in a time zone, as ISO strings with the
 * zone's offset; throws on an invalid expression.
 *
 * @example nextFirings('0 9 * * 1-5', 'Europe/Berlin', 2, new Date('2026-11-21T12:00:00Z')) // ['2026-11-23T09:00:00.000+01:00', …]
 */
export function nextFirings(cron: string, timezone: string, count: number, from: Date = new Date()): string[] {
  const expression = CronExpressionParser.parse(cron, { tz: timezone, currentDate: from });
  return expression.take(count).map((date) => date.toISOString() ?? '');
}

/** The most recent firing time at or before `now`, or null when there is none. */
export function previousFiring(cron: string, timezone: string, now: Date = new Date()): Date | null {
  const expression = CronExpressionParser.parse(cron, { tz: timezone, currentDate: new Date(now.getTime() + 1) });
  return expression.hasPrev() ? expression.prev().toDate() : null;
}

function cronProblem(cron: string): string | null {
  const fields = cron.trim().split(/\s+/);
  if (fields.length < 5 || fields.length > 6) return 'Use 5 fields (minute hour day month weekday), or 6 with seconds first, e.g. 0 9 * * 1-5';
  try {
    CronExpressionParser.parse(cron, { strict: false });
    return null;
  } catch (error) {
    return `Not a valid cron expression: ${(error as Error).message}`;
  }
}

const config = z.object({
  cron: z
    .string({ error: 'Enter a cron expression, e.g. 0 9 * * 1-5' })
    .default('0 9 * * 1-5')
    .superRefine((cron, ctx) => {
      const problem = cronProblem(cron);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .meta({ description: 'When to run, as a cron expression: minute hour day month weekday, e.g. 0 9 * * 1-5 for 9:00 on weekdays', 'x-widget': 'cron', 'x-timezone-field': 'timezone' }),
  timezone: z
    .string()
    .default('UTC')
    .refine(isValidTimeZone, 'Use an IANA time zone such as Europe/Berlin or America/New_York')
    .describe('The time zone the schedule is read in, e.g. Asia/Kolkata'),
});

export const scheduleCron = defineTrigger({
  type: 'schedule.cron',
  typeVersion: 1,
  title: 'Schedule',
  description: 'Starts the flow on a schedule while it is published, e.g. every weekday at 9:00 to send appointment reminders.',
  category: 'Triggers',
  icon: 'calendar-clock',
  config,
  sampleEvent: { scheduledAt: '2026-11-23T09:00:00.000Z', cron: '0 9 * * 1-5', timezone: 'UTC' },
  // The engine fires each flow's own schedule with the flow's id; an event naming no flow (a
  // test, POST /api/events) starts every published schedule flow.
  matches: (event, _config, ctx) => event.data.flowId === undefined || event.data.flowId === (ctx.context.flow as { id: string }).id,
});
