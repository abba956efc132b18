import type { ReactNode } from 'react';
import type { FunctionStatus } from './function-tool';

function list(words: readonly string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

/** The status line itself: a coloured dot (`tone`) and what it says. */
function Line({ tone, status, children }: { tone: 'live' | 'changed' | 'taken' | 'draft'; status: string; children: ReactNode }) {
  return (
    <p className={`nc-fn-status is-${tone}`} data-testid="function-status" data-status={status}>
      <span className="nc-fn-dot" aria-hidden="true" />
      <span>{children}</span>
    </p>
  );
}

/** Whether agents can call the function now, and what publishing will change. */
export function FunctionStatusLine({ status, name }: { status: FunctionStatus; name: string }) {
  switch (status.kind) {
    case 'live':
      return status.changes.length === 0 ? (
        <Line tone="live" status="live">
          <strong>Live.</strong> Agents can call <code>{name}</code> now.
        </Line>
      ) : (
        <Line tone="changed" status="live-changed">
          <strong>Live as last published.</strong> This draft changes its {list(status.changes)}: publish to update what agents see.
        </Line>
      );
    case 'live-as':
      return (
        <Line tone="changed" status="live-as">
          <strong>
            Live as <code>{status.liveName}</code>.
          </strong>{' '}
          Publishing renames it to <code>{name}</code>: agents that registered the old name must be updated.
        </Line>
      );
    case 'taken':
      return (
        <Line tone="taken" status="taken">
          <strong>Name in use.</strong> The published flow <a href={`#/flows/${status.flowId}`}>{status.flowName}</a> offers <code>{name}</code>: publishing this one is refused until one of them is renamed.
        </Line>
      );
    case 'not-live':
      return (
        <Line tone="draft" status="not-live">
          <strong>Not live yet.</strong> {status.flowPublished ? 'The published version of this flow has no function: publish this draft to offer it.' : 'Agents can call it once you publish this flow.'}
        </Line>
      );
  }
}
