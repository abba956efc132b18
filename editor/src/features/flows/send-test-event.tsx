import { useState } from 'react';
import { api, errorMessage } from '../../api/client';
import { navigate } from '../../app/router';
import { useFlowEditor } from '../../store/flow-store';
import { useRefusal } from '../../store/use-access';
import { Button } from '../../ui/Button';
import { FormError } from '../../ui/FormError';
import { Icon } from '../canvas/Icon';

/**
 * "Send a test event": the trigger's sample event, sent to the published version as a real event
 * marked test (`POST /api/flows/:id/test {target:'published'}`), then its Activity entry, which
 * says whether the live trigger started a run and why not. Only for a published flow: the
 * draft has "Test run".
 */
export function SendTestEventButton({ compact = false }: { compact?: boolean }) {
  const flowId = useFlowEditor((state) => state.flowId);
  const published = useFlowEditor((state) => state.status === 'published');
  const cannotTest = useRefusal('POST', '/api/flows/:id/test', 'send test events');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!flowId || !published) return null;
  const send = async () => {
    setBusy(true);
    setError(null);
    try {
      const result = await api.post(`/api/flows/${encodeURIComponent(flowId)}/test`, { target: 'published' });
      navigate({ page: 'activity', eventId: result.eventId });
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button
        busy={busy}
        onClick={() => void send()}
        disabled={Boolean(cannotTest)}
        title={cannotTest ?? 'Send the trigger’s sample event to the published version, marked test, and see in Activity what it started'}
        data-testid="send-test-event"
      >
        {compact ? null : <Icon name="zap" size={16} />}
        Send a test event
      </Button>
      {error ? (
        compact ? (
          <span className="form-error" role="alert">
            {error}
          </span>
        ) : (
          <FormError message={error} />
        )
      ) : null}
    </>
  );
}
