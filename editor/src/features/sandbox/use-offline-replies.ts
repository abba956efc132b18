import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import { answeredOffline } from '../runs/ai-provenance';

/**
 * The runs, among those that sent the chat's replies, where the offline rules answered instead
 * of an AI model: their bubbles say so. A reply is sent after the AI step finished, so a run's
 * answer is known once and kept for the page's life; a run that cannot be read gets no mark.
 */
const known = new Map<string, boolean>();

export function useOfflineReplies(runIds: readonly string[]): ReadonlySet<string> {
  const [, setVersion] = useState(0);
  const missing = [...new Set(runIds)].filter((runId) => !known.has(runId));
  const key = missing.join(',');

  useEffect(() => {
    if (!key) return;
    let cancelled = false;
    void Promise.all(
      key.split(',').map((runId) =>
        api.get(`/api/runs/${encodeURIComponent(runId)}`).then(
          (run) => known.set(runId, answeredOffline(run)),
          () => known.set(runId, false),
        ),
      ),
    ).then(() => !cancelled && setVersion((value) => value + 1));
    return () => {
      cancelled = true;
    };
  }, [key]);

  return new Set(runIds.filter((runId) => known.get(runId) === true));
}
