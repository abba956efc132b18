import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../../api/client';

export interface Polled<T> {
  data: T | undefined;
  /** The last load's error; `data` keeps the last good answer, so a hiccup does not blank the view. */
  error: string | null;
  /** True only until the first answer (or error) arrives. */
  loading: boolean;
  /** Loads now (and re-arms polling from the fresh answer). */
  reload(): void;
}

/**
 * Loads `load()` when `key` changes, then again after `nextDelay(data)` milliseconds for as long
 * as it returns a number. The next load is scheduled only after the previous one settled, so a
 * slow engine never gets overlapping requests. Stops when the component unmounts.
 */
export function usePolled<T>(load: () => Promise<T>, key: unknown[], nextDelay: (data: T | undefined) => number | null): Polled<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const loader = useRef(load);
  loader.current = load;
  const delay = useRef(nextDelay);
  delay.current = nextDelay;
  const trigger = useRef<() => void>(() => {});

  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let latest: T | undefined;
    let inFlight = false;
    let again = false;
    setData(undefined);
    setError(null);
    setLoading(true);

    const run = async () => {
      if (cancelled) return;
      if (inFlight) {
        // Asked again mid-request (e.g. right after a POST): load once more when this one settles.
        again = true;
        return;
      }
      inFlight = true;
      clearTimeout(timer);
      try {
        latest = await loader.current();
        if (cancelled) return;
        setData(latest);
        setError(null);
      } catch (failure) {
        if (cancelled) return;
        setError(errorMessage(failure));
      } finally {
        inFlight = false;
        if (!cancelled) {
          setLoading(false);
          const next = again ? 0 : delay.current(latest);
          again = false;
          if (next !== null) timer = setTimeout(() => void run(), next);
        }
      }
    };
    trigger.current = () => void run();
    void run();
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, key);

  const reload = useCallback(() => trigger.current(), []);
  return { data, error, loading: loading && data === undefined, reload };
}
