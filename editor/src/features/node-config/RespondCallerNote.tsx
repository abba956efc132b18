import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { describe, useCatalog } from '../../store/catalog-store';
import { useFlowEditor } from '../../store/flow-store';
import { callerNote, seconds } from './caller-note';
import { useWebhookBase, webhookUrl } from './webhook-url-store';

function either(titles: readonly string[]): string {
  return titles.length <= 1 ? (titles[0] ?? 'a trigger whose caller waits') : `${titles.slice(0, -1).join(', ')} or ${titles.at(-1)}`;
}

/**
 * For a step that answers the caller (`flow.respond`): whom it answers in this flow, how long
 * that caller waits, and, after a trigger with nobody waiting, that it has nothing to answer.
 */
export function RespondCallerNote() {
  const catalog = useCatalog((state) => state.nodes);
  // The trigger's config is what the note reads: re-render when it changes, not on every edit.
  const trigger = useFlowEditor(useShallow((state) => state.graph.nodes.filter((node) => describe(node.type, node.typeVersion)?.kind === 'trigger')));
  const note = callerNote({ nodes: trigger, edges: [] }, describe, catalog);
  const allowed = either(note.allowed);
  const webhookBase = useWebhookBase((state) => state.data);
  useEffect(() => {
    if (note.kind === 'webhook') void useWebhookBase.getState().load();
  }, [note.kind]);

  switch (note.kind) {
    case 'agent':
      return (
        <p className="nc-caller-note" data-testid="respond-caller" data-caller="agent">
          Answers the <strong>voice agent</strong> that called <code>{note.functionName}</code>, mid-call. It waits up to {seconds(note.timeoutMs)} (the trigger’s timeout); the first Respond that runs answers, and the flow goes on after it.
        </p>
      );
    case 'webhook':
      return (
        <p className="nc-caller-note" data-testid="respond-caller" data-caller="webhook">
          Answers the <strong>app that called</strong> <code>POST {webhookUrl(webhookBase, note.path)}</code>: it waits up to {seconds(note.timeoutMs)} for this answer instead of the usual 202. The first Respond that runs answers, and the flow goes on after it.
        </p>
      );
    case 'no-trigger':
      return (
        <p className="nc-caller-note" data-testid="respond-caller" data-caller="none">
          Answers whoever waits on the run: use it in a flow that starts with {allowed}.
        </p>
      );
    case 'nobody':
      return (
        <p className="nc-caller-note is-bad" data-testid="respond-caller" data-caller="nobody" role="note">
          <strong>Nobody waits for an answer here.</strong> A {note.triggerTitle} flow has no caller to answer, so it cannot be published with this step: Respond works in flows that start with {allowed}.
        </p>
      );
  }
}
