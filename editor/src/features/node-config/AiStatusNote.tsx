import { useEffect } from 'react';
import type { NodeDescription } from '../../api/types';
import { aiRoleOf, aiStatusSentence, connectAiHref } from './ai-status';
import { useAiStatus } from './ai-status-store';

/** For nodes that ask an AI: which model answers when no AI connection is chosen, or that the offline rules do. */
export function AiStatusNote({ description }: { description: NodeDescription }) {
  const role = aiRoleOf(description);
  const status = useAiStatus((state) => state.status);
  const data = useAiStatus((state) => state.data);
  const load = useAiStatus((state) => state.load);
  useEffect(() => {
    if (role) void load();
  }, [role, load]);

  // Not known (yet, or the engine cannot say): the connection field's own description still explains.
  if (!role || status !== 'ready' || !data) return null;
  const offline = data.offline || !data.model;
  return (
    <p className={`nc-ai-note${offline ? ' nc-ai-note-offline' : ''}`} data-testid="ai-status-note" data-offline={offline}>
      {aiStatusSentence(data, role)}
      {offline ? (
        <>
          {' '}
          <a href={connectAiHref()} data-testid="connect-ai-link">
            Connect an AI model
          </a>
        </>
      ) : null}
    </p>
  );
}
