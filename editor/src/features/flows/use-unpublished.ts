import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import type { FlowView } from '../../api/types';
import { hasUnpublishedChanges } from './flow-diff';

/**
 * For the flow list: which published flows have a draft that differs from their live version.
 * The list carries drafts only, so each published flow's live graph is loaded
 * (`GET /api/flows/:id/versions/:version`), a few at a time; a flow whose version failed to
 * load gets no mark rather than a wrong one.
 */
export function useUnpublished(flows: readonly FlowView[]): ReadonlySet<string> {
  const [changed, setChanged] = useState<ReadonlySet<string>>(new Set());
  const published = flows.filter((flow) => flow.status === 'published' && flow.publishedVersion !== null);
  const key = published.map((flow) => `${flow.id}:${flow.publishedVersion}:${flow.revision}`).join(',');

  useEffect(() => {
    let cancelled = false;
    const queue = [...published];
    const found = new Set<string>();
    const worker = async () => {
      for (let flow = queue.shift(); flow; flow = queue.shift()) {
        try {
          const live = await api.get(`/api/flows/${flow.id}/versions/${flow.publishedVersion}`);
          if (hasUnpublishedChanges(live.graph, flow.graph)) found.add(flow.id);
        } catch {
          // No mark for this flow.
        }
      }
    };
    void Promise.all([worker(), worker(), worker()]).then(() => !cancelled && setChanged(found));
    return () => {
      cancelled = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return changed;
}
