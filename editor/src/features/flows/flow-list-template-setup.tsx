import { familyOf } from '../node-config/connections-store';
import type { SetupNeed } from './template-gallery';

/** What the chosen template will need once it is a draft: the senders it takes, the addresses to replace. */
export function SetupNote({ name, setup }: { name: string; setup: SetupNeed[] }) {
  return (
    <div className="fl-setup" role="note" data-testid="template-setup">
      <p>
        <strong>{name}</strong>: {setup.length === 0 ? 'ready to publish once you have checked its settings.' : 'after creating it,'}
      </p>
      {setup.length > 0 ? (
        <ul>
          {setup.map((need) =>
            need.kind === 'connection' ? (
              <li key={need.provider} className={need.chosen === null ? 'is-missing' : undefined}>
                {need.chosen ? (
                  <>
                    its {need.nodeIds.length === 1 ? 'step uses' : `${need.nodeIds.length} steps use`} your {familyOf(need.provider).noun} <strong>{need.chosen.name}</strong> (change it per step);
                  </>
                ) : need.chosen === null ? (
                  <>
                    choose {familyOf(need.provider).article} {familyOf(need.provider).noun} in {need.nodeIds.length === 1 ? 'its step' : `its ${need.nodeIds.length} steps`} — you have none yet:{' '}
                    <a href="#/connections">create one</a> (the sandbox needs no account); the draft marks where;
                  </>
                ) : (
                  <>{need.nodeIds.length === 1 ? 'its step uses' : 'its steps use'} your first {familyOf(need.provider).noun};</>
                )}
              </li>
            ) : (
              <li key="placeholder" className="is-missing">
                replace the example addresses ({need.hosts.join(', ')}) with your own;
              </li>
            ),
          )}
          <li>check every step’s settings on the canvas before publishing.</li>
        </ul>
      ) : null}
    </div>
  );
}
