import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import { useFlowEditor } from '../../store/flow-store';
import { Icon } from '../canvas/Icon';

/** How often a tab says it still has the flow open (the engine counts a heartbeat for 30 s). */
const HEARTBEAT_MS = 10_000;
const SESSION_KEY = 'switchboard.editorSession';

/** This tab's random id: kept across reloads of the tab (sessionStorage is per tab), never shared with another. */
function tabSession(): string {
  try {
    const stored = window.sessionStorage.getItem(SESSION_KEY);
    if (stored) return stored;
    const created = crypto.randomUUID();
    window.sessionStorage.setItem(SESSION_KEY, created);
    return created;
  } catch {
    return (fallbackSession ??= crypto.randomUUID());
  }
}
let fallbackSession: string | undefined;

/**
 * "Also open in 1 other tab": while the flow is open this tab sends a heartbeat, and the
 * answer says how many other editor tabs (of anyone holding a key) have it open too. Sessions
 * are tabs, not people, until accounts exist.
 */
export function PresenceNote() {
  const flowId = useFlowEditor((state) => state.flowId);
  const [others, setOthers] = useState(0);
  useEffect(() => {
    if (!flowId) return;
    const session = tabSession();
    let stopped = false;
    const beat = () =>
      api.post(`/api/flows/${flowId}/presence`, { session, open: true }).then(
        (answer) => !stopped && setOthers(answer.others),
        () => {}, // Presence is a hint: a missed heartbeat changes nothing else.
      );
    void beat();
    const timer = setInterval(() => void beat(), HEARTBEAT_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
      setOthers(0);
      void api.post(`/api/flows/${flowId}/presence`, { session, open: false }).catch(() => {});
    };
  }, [flowId]);
  if (others === 0) return null;
  return (
    <span className="presence-note" role="status" data-testid="presence" title="Edits made elsewhere are not merged: a save that would overwrite another asks first.">
      <Icon name="eye" size={14} /> Also open in {others} other {others === 1 ? 'tab' : 'tabs'}
    </span>
  );
}
