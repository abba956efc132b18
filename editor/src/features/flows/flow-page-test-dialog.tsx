import type { GraphProblem } from '@switchboard/shared';
import { useId, useMemo, useState } from 'react';
import { api, ApiError, errorMessage } from '../../api/client';
import { describe } from '../../store/catalog-store';
import { useFlowEditor } from '../../store/flow-store';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { FormError } from '../../ui/FormError';
import { parseEvent, sampleEventFor, triggerOf } from './flow-page-json';
import { ProblemList } from './flow-page-problems';

export interface TestStarted {
  runId: string;
  matched: boolean;
}

/**
 * A test run of the draft: the trigger's event as editable JSON (prefilled with its sample),
 * saved first, then `POST /test`; the caller opens the run view.
 */
export function TestRunDialog({ flowId, onClose, onStarted, onSelectNode }: { flowId: string; onClose(): void; onStarted(test: TestStarted): void; onSelectNode(nodeId: string): void }) {
  const [initial] = useState(() => {
    const { graph } = useFlowEditor.getState();
    return { text: JSON.stringify(sampleEventFor(graph, describe), null, 2), trigger: triggerOf(graph, describe) };
  });
  const [text, setText] = useState(initial.text);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [refused, setRefused] = useState<GraphProblem[] | null>(null);
  const parsed = useMemo(() => parseEvent(text), [text]);
  const id = useId();
  const triggerTitle = initial.trigger ? describe(initial.trigger.type, initial.trigger.typeVersion)?.title ?? initial.trigger.type : null;

  const run = async () => {
    if (parsed.error !== null) return;
    setBusy(true);
    setError(null);
    setRefused(null);
    try {
      await useFlowEditor.getState().save();
      const { saveState, saveError } = useFlowEditor.getState();
      if (saveState === 'error') throw new Error(`The draft could not be saved: ${saveError ?? 'unknown error'}`);
      const result = await api.post(`/api/flows/${flowId}/test`, { event: parsed.event });
      if (!result.runId) throw new Error('The engine started no run for this event.');
      onStarted({ runId: result.runId, matched: result.matched });
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 422 && Array.isArray(failure.details)) setRefused(failure.details as GraphProblem[]);
      else setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open
      wide
      title="Test run"
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" onClick={() => void run()} busy={busy} disabled={!initial.trigger || Boolean(parsed.error)} data-testid="test-run-confirm">
            Run test
          </Button>
        </>
      }
    >
      <div className="test-dialog" data-testid="test-dialog">
        {initial.trigger ? (
          <p className="muted">
            Runs the current draft once, as if <strong>{triggerTitle}</strong> fired with this event. Messages go to the real recipients of your connections (use a sandbox sender to try things
            out).
          </p>
        ) : (
          <div className="callout callout-warn" role="note">
            Add a trigger first: a test run starts from the trigger&apos;s event.
          </div>
        )}
        <div className="field">
          <label htmlFor={`${id}-event`}>Event data</label>
          <textarea
            id={`${id}-event`}
            className="code-input"
            value={text}
            onChange={(event) => setText(event.target.value)}
            spellCheck={false}
            rows={16}
            aria-invalid={Boolean(parsed.error)}
            aria-describedby={`${id}-event-hint`}
            data-testid="test-event"
          />
          <p id={`${id}-event-hint`} className={parsed.error ? 'form-error' : 'hint'}>
            {parsed.error ?? 'Available to every step as {{trigger.…}}. Prefilled with the trigger’s sample.'}
          </p>
        </div>
        <div className="test-actions">
          <button type="button" className="link-button" onClick={() => setText(initial.text)} disabled={text === initial.text}>
            Reset to the sample
          </button>
        </div>
        {refused ? (
          <div className="callout callout-bad" role="alert">
            <strong>The draft has {refused.length} problem{refused.length === 1 ? '' : 's'}: fix them before a test run.</strong>
            <ProblemList
              problems={refused}
              onSelect={(nodeId) => {
                onSelectNode(nodeId);
                onClose();
              }}
            />
          </div>
        ) : null}
        <FormError message={error} />
      </div>
    </Dialog>
  );
}
