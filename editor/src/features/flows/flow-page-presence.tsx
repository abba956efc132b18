import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import { useFlowEditor } from '../../store/flow-store';
import { useSession } from '../../store/session-store';
import { Icon } from '../canvas/Icon';
import { presenceText } from './flow-page-presence-text';

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

const NOBODY = { others: 0, people: [] as string[] };

/**
 * "Ana Ruiz and 1 other have this flow open": while the flow is open this tab sends a
 * heartbeat, and the answer says who else (people by name, API keys by theirs) has it open in
 * other editor tabs.
 */
export function PresenceNote() {
  const flowId = useFlowEditor((state) => state.flowId);
  const myName = useSession((state) => state.me?.user?.name ?? state.me?.apiKey?.name ?? null);
  const [presence, setPresence] = useState(NOBODY);
  useEffect(() => {
    if (!flowId) return;
    const session = tabSession();
    let stopped = false;
    const beat = () =>
      api.post(`/api/flows/${flowId}/presence`, { session, open: true }).then(
        (answer) => !stopped && setPresence({ others: answer.others, people: answer.people ?? [] }),
        () => {}, // Presence is a hint: a missed heartbeat changes nothing else.
      );
    void beat();
    const timer = setInterval(() => void beat(), HEARTBEAT_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
      setPresence(NOBODY);
      void api.post(`/api/flows/${flowId}/presence`, { session, open: false }).catch(() => {});
    };
  }, [flowId]);
  const text = presenceText(presence, myName);
  if (!text) return null;
  return (
    <span className="presence-note" role="status" data-testid="presence" title="Edits made elsewhere are not merged: a save that would overwrite another asks first.">
      <Icon name="eye" size={14} /> {text}
    </span>
  );
}
