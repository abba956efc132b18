import { useCallback, useState } from 'react';
import { errorMessage } from '../api/client';

/**
 * A button's action: `busy` while it runs, its failure as a message in `error` (cleared when it
 * runs again).
 *
 * @example const { busy, error, run } = useAction(); <Button busy={busy} onClick={() => void run(save)} />
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, run };
}
