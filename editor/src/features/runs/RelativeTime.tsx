import { absoluteTime, relativeTime } from './time-format';
import { useNow } from './use-now';

/** "3 min ago", with the full date and time on hover (and for assistive technology via `dateTime`). */
export function RelativeTime({ iso, prefix }: { iso: string | null | undefined; prefix?: string }) {
  // useNow re-renders it now and then; the time itself is read at render, so a view that
  // mounted a while ago and re-renders for new data never shows a stale "in 14 s".
  useNow();
  const now = Date.now();
  if (!iso) return <span className="muted">—</span>;
  return (
    <time dateTime={iso} title={absoluteTime(iso)}>
      {prefix ? `${prefix} ` : ''}
      {relativeTime(iso, now)}
    </time>
  );
}
