import { useState } from 'react';
import { api, errorMessage } from '../../api/client';
import { navigate } from '../../app/router';

/**
 * "View run" for a message a flow sent: a message knows its run but not its flow, and the run's
 * page lives under its flow, so the run is looked up on click.
 */
export function RunLink({ runId }: { runId: string }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const open = async () => {
    setBusy(true);
    setError(null);
    try {
      const run = await api.get(`/api/runs/${encodeURIComponent(runId)}`);
      navigate({ page: 'flow', flowId: run.flowId, runId: run.id });
    } catch (failure) {
      setError(errorMessage(failure));
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" className="link-button run-link" onClick={() => void open()} disabled={busy} aria-busy={busy || undefined}>
        View run
      </button>
      {error ? <span className="form-error"> {error}</span> : null}
    </>
  );
}
