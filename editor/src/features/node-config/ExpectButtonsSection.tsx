import { useFlowEditor } from '../../store/flow-store';
import { precedingChoices } from '../canvas/reply-choices';
import { expectation } from './interactive-message';

/**
 * Under a "Wait for reply" that follows an interactive message: the buttons (or list rows) that
 * message offers, and "Expect these buttons", which fills this step's `buttons` with their ids so
 * the canvas shows one path per button beside "other" and "timeout".
 */
export function ExpectButtonsSection({ nodeId, config }: { nodeId: string; config: Record<string, unknown> }) {
  // A string, so the panel re-renders only when the message's choices change, not on every edit.
  const found = useFlowEditor((state) => JSON.stringify(precedingChoices(state.graph, nodeId)));
  const setConfig = useFlowEditor((state) => state.setConfig);
  const preceding = JSON.parse(found) as ReturnType<typeof precedingChoices>;
  if (!preceding) return null;
  const headingId = `nc-${nodeId}-expect-heading`;
  const state = expectation(config.buttons, preceding.choices);
  return (
    <section className="nc-fn" aria-labelledby={headingId} data-testid="expect-buttons">
      <h3 id={headingId}>Buttons of the message before</h3>
      {preceding.choices.length === 0 ? (
        <p className="hint">
          <code>{preceding.nodeId}</code> offers no buttons or list rows with fixed ids yet.
        </p>
      ) : (
        <>
          <p className="hint">
            <code>{preceding.nodeId}</code> offers {preceding.choices.map((choice) => `${choice.title || choice.id} (${choice.id})`).join(', ')}.
          </p>
          {state === 'same' ? (
            <p className="hint" role="status">
              Expecting these: one path per button, plus “other” for anything else the customer writes and “timeout”.
            </p>
          ) : (
            <div>
              <button type="button" className="button button-secondary" onClick={() => setConfig(nodeId, { ...config, buttons: preceding.choices.map((choice) => choice.id) })}>
                {state === 'none' ? 'Expect these buttons' : 'Update to these buttons'}
              </button>
              {state === 'different' ? <p className="hint">This step expects other ids than the message offers: a tap on a button it does not expect takes “other”.</p> : null}
            </div>
          )}
        </>
      )}
    </section>
  );
}
