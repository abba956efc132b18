/**
 * Times as people read them: "3 min ago", "in 23 h", "1.2 s". Pure and locale-stable (English
 * words, fixed units) so lists line up and the tests do not depend on the machine's locale.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * How long ago (or how far ahead) `iso` is from `now`.
 *
 * @example relativeTime('2026-01-01T10:00:00Z', Date.parse('2026-01-01T10:05:00Z')) // "5 min ago"
 */
export function relativeTime(iso: string | null | undefined, now: number = Date.now()): string {
  if (!iso) return '—';
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return '—';
  const diff = now - at;
  const future = diff < 0;
  const span = Math.abs(diff);
  if (span < 10 * SECOND) return future ? 'in a few seconds' : 'just now';
  let amount: string;
  if (span < MINUTE) amount = `${Math.floor(span / SECOND)} s`;
  else if (span < HOUR) amount = `${Math.floor(span / MINUTE)} min`;
  else if (span < DAY) amount = `${Math.floor(span / HOUR)} h`;
  else if (span < 7 * DAY) {
    const days = Math.floor(span / DAY);
    if (days === 1) return future ? 'tomorrow' : 'yesterday';
    amount = `${days} days`;
  } else return shortDate(at, now);
  return future ? `in ${amount}` : `${amount} ago`;
}

/** "Nov 21" this year, "Nov 21, 2025" another year (UTC-independent: the viewer's local date). */
function shortDate(at: number, now: number): string {
  const date = new Date(at);
  const sameYear = date.getFullYear() === new Date(now).getFullYear();
  return date.toLocaleDateString('en-US', { month: 'short', day: 'numeric', ...(sameYear ? {} : { year: 'numeric' }) });
}

/** The full local date and time, for a tooltip beside a relative time. */
export function absoluteTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return '';
  return at.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}

/** The local date and time without seconds, "Nov 22, 2026, 3:47 PM", for sentences. */
export function shortDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return '';
  return at.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** "3:47 PM" when `iso` is on the same local day as `now`, else "Nov 22, 2026, 3:47 PM": a deadline in a sentence. */
export function dayAwareTime(iso: string | null | undefined, now: number = Date.now()): string {
  if (!iso) return '';
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return '';
  return at.toDateString() === new Date(now).toDateString() ? clockTime(iso) : shortDateTime(iso);
}

/** The local time of day, "3:47 PM", for chat bubbles. */
export function clockTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return '';
  return at.toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' });
}

/**
 * A duration in the largest units that matter: "420 ms", "1.2 s", "14 s", "2 min 5 s", "3 h 12 min", "2 d 4 h".
 *
 * @example formatDuration(125_000) // "2 min 5 s"
 */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || Number.isNaN(ms) || ms < 0) return '—';
  if (ms < SECOND) return `${Math.round(ms)} ms`;
  if (ms < 10 * SECOND) return `${(Math.floor(ms / 100) / 10).toFixed(1)} s`;
  if (ms < MINUTE) return `${Math.floor(ms / SECOND)} s`;
  if (ms < HOUR) return pair(Math.floor(ms / MINUTE), 'min', Math.floor((ms % MINUTE) / SECOND), 's');
  if (ms < DAY) return pair(Math.floor(ms / HOUR), 'h', Math.floor((ms % HOUR) / MINUTE), 'min');
  return pair(Math.floor(ms / DAY), 'd', Math.floor((ms % DAY) / HOUR), 'h');
}

function pair(major: number, majorUnit: string, minor: number, minorUnit: string): string {
  return minor > 0 ? `${major} ${majorUnit} ${minor} ${minorUnit}` : `${major} ${majorUnit}`;
}
