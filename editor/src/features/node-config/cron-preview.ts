import { CronExpressionParser } from 'cron-parser';

/** The next firings of a schedule, as the user reads them in its zone; or why there are none. */
export type CronPreview = { ok: true; firings: string[]; timezone: string } | { ok: false; message: string };

/**
 * The next `count` firings of `cron` in `timezone`, formatted in that zone (`Mon 23 Nov, 09:00`).
 *
 * @example cronPreview('0 9 * * 1-5', 'Europe/Berlin', new Date('2026-11-21T12:00:00Z')).firings[0] // 'Mon, 23 Nov 2026, 09:00'
 */
export function cronPreview(cron: string, timezone: string, from: Date = new Date(), count = 5): CronPreview {
  const zone = timezone.trim() === '' ? 'UTC' : timezone;
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-GB', { timeZone: zone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', second: cron.trim().split(/\s+/).length === 6 ? '2-digit' : undefined, hourCycle: 'h23' });
  } catch {
    return { ok: false, message: `${zone} is not a time zone (use one such as Europe/Berlin)` };
  }
  const fields = cron.trim().split(/\s+/);
  if (cron.trim() === '' || fields.length < 5 || fields.length > 6) return { ok: false, message: 'Five fields: minute hour day month weekday (or six, with seconds first)' };
  try {
    const expression = CronExpressionParser.parse(cron, { tz: zone, currentDate: from });
    return { ok: true, timezone: zone, firings: expression.take(count).map((date) => format.format(date.toDate())) };
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
}
