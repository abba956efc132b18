import type { ActivityEntry } from '@switchboard/shared';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, errorMessage } from '../../api/client';
import { activityQuery, appendActivity, mergeActivity, newestReceivedAt, type ActivityFilters } from './activity-format';

const PAGE_SIZE = 50;
/** How often the page asks for events newer than the newest shown. */
export const ACTIVITY_POLL_MS = 5_000;

export interface ActivityFeed {
  entries: ActivityEntry[];
  loading: boolean;
  error: string | null;
  /** True while an older page is loading. */
  loadingMore: boolean;
  /** There are older entries to load. */
  hasMore: boolean;
  loadMore(): void;
  reload(): void;
}

/**
 * The activity list for the filters: the first page, then every 5 s the entries received since
 * the newest shown (merged by event id, so an event delivered again updates in place), and
 * older pages on demand by cursor. A new set of filters starts over.
 */
export function useActivity(filters: ActivityFilters): ActivityFeed {
  const [entries, setEntries] = useState<ActivityEntry[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  const entriesRef = useRef(entries);
  entriesRef.current = entries;
  const key = JSON.stringify(filters);
  const keyRef = useRef(key);
  keyRef.current = key;

  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    setEntries([]);
    setCursor(null);
    setLoading(true);
    setError(null);

    const poll = async () => {
      try {
        const from = newestReceivedAt(entriesRef.current);
        const page = await api.get(`/api/activity?${activityQuery(filters, PAGE_SIZE, from ? { from } : {})}`);
        if (cancelled) return;
        setEntries((current) => mergeActivity(current, page.entries));
        setError(null);
      } catch (failure) {
        if (!cancelled) setError(errorMessage(failure));
      } finally {
        if (!cancelled) timer = setTimeout(() => void poll(), ACTIVITY_POLL_MS);
      }
    };

    void (async () => {
      try {
        const page = await api.get(`/api/activity?${activityQuery(filters, PAGE_SIZE)}`);
        if (cancelled) return;
        entriesRef.current = page.entries;
        setEntries(page.entries);
        setCursor(page.nextCursor);
      } catch (failure) {
        if (!cancelled) setError(errorMessage(failure));
      } finally {
        if (!cancelled) {
          setLoading(false);
          timer = setTimeout(() => void poll(), ACTIVITY_POLL_MS);
        }
      }
    })();
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
    // The key is the filters' value: a new object with the same filters does not start over.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, generation]);

  const loadMore = useCallback(() => {
    if (!cursor || loadingMore) return;
    const asked = keyRef.current;
    setLoadingMore(true);
    api
      .get(`/api/activity?${activityQuery(filters, PAGE_SIZE, { cursor })}`)
      .then(
        (page) => {
          if (keyRef.current !== asked) return;
          setEntries((current) => appendActivity(current, page.entries));
          setCursor(page.nextCursor);
        },
        (failure: unknown) => setError(errorMessage(failure)),
      )
      .finally(() => setLoadingMore(false));
  }, [cursor, loadingMore, filters]);

  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  return { entries, loading, error, loadingMore, hasMore: cursor !== null, loadMore, reload };
}
