import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../api/client';

export interface Resource<T> {
  data: T | undefined;
  error: string | null;
  loading: boolean;
  reload(): void;
}

/**
 * Loads something from the API when `key` changes, with loading and error state and a
 * `reload`. `pollMs` refreshes it while the component is shown (live run views).
 */
export function useResource<T>(load: () => Promise<T>, key: unknown[], options: { pollMs?: number } = {}): Resource<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const loader = useRef(load);
  loader.current = load;

  useEffect(() => {
    let cancelled = false;
    setLoading(true);
    loader
      .current()
      .then(
        (value) => {
          if (cancelled) return;
          setData(value);
          setError(null);
        },
        (failure: unknown) => !cancelled && setError(errorMessage(failure)),
      )
      .finally(() => !cancelled && setLoading(false));
    return () => {
      cancelled = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...key, tick]);

  useEffect(() => {
    if (!options.pollMs) return;
    const timer = setInterval(() => setTick((value) => value + 1), options.pollMs);
    return () => clearInterval(timer);
  }, [options.pollMs]);

  const reload = useCallback(() => setTick((value) => value + 1), []);
  return { data, error, loading: loading && data === undefined, reload };
}
