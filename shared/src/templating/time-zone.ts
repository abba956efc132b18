/** A wall-clock reading of an instant in a zone: numbers, month 1–12, hour 0–23. */
export interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Formatters are costly to build, so one per zone is kept. Throws RangeError for an unknown zone. */
function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(timeZone, format);
  }
  return format;
}

/** True when `timeZone` is an IANA zone this runtime knows (`Europe/Berlin`, `UTC`). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/**
 * The zone itself when this runtime knows it, else UTC (a workspace's or a request's zone is
 * never a reason to fail).
 *
 * @example timeZoneOrUtc('Mars/Olympus') // 'UTC'
 */
export function timeZoneOrUtc(timeZone: string | undefined): string {
  return timeZone && isValidTimeZone(timeZone) ? timeZone : 'UTC';
}

/**
 * What a clock in `timeZone` shows at `instant`. The zone must be known (see `timeZoneOrUtc`).
 *
 * @example zonedParts(new Date('2026-11-24T10:00:00Z'), 'Europe/Berlin').hour // 11
 */
export function zonedParts(instant: Date, timeZone: string): ZonedParts {
  const ms = instant.getTime();
  // Zones have whole-minute offsets since 1972, so within a minute only the seconds move, and
  // those are UTC's: one reading per zone and minute serves the rest (formatToParts costs ~10 µs,
  // and every run's context reads the call's date).
  if (!(ms >= MINUTE_CACHE_FROM)) return readParts(instant, timeZone);
  const key = `${timeZone}|${Math.floor(ms / 60_000)}`;
  let minute = minutes.get(key);
  if (!minute) {
    if (minutes.size >= MINUTE_CACHE_SIZE) minutes.clear();
    minute = readParts(new Date(ms - (ms % 60_000)), timeZone);
    minutes.set(key, minute);
  }
  return { ...minute, second: instant.getUTCSeconds() };
}

const MINUTE_CACHE_FROM = Date.UTC(1972, 0, 1);
const MINUTE_CACHE_SIZE = 10_000;
const minutes = new Map<string, ZonedParts>();

function readParts(instant: Date, timeZone: string): ZonedParts {
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, number>> = {};
  for (const part of formatter(timeZone).formatToParts(instant)) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  // Some engines print midnight as 24 even with h23; % 24 keeps it 0.
  return { year: parts.year ?? 0, month: parts.month ?? 0, day: parts.day ?? 0, hour: (parts.hour ?? 0) % 24, minute: parts.minute ?? 0, second: parts.second ?? 0 };
}

/**
 * The offset of an IANA zone from UTC at an instant, in minutes.
 *
 * @example zoneOffset(new Date('2026-11-24T10:00:00Z'), 'Europe/Berlin') // 60
 */
export function zoneOffset(instant: Date, timeZone: string): number {
  const p = zonedParts(instant, timeZone);
  const seconds = Math.floor(instant.getTime() / 1000) * 1000;
  return Math.round((Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - seconds) / 60_000);
}
