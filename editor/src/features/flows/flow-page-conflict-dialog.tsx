import { useState } from 'react';
import { errorMessage } from '../../api/client';
import type { SaveConflict } from '../../store/flow-store';
import { useFlowEditor } from '../../store/flow-store';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { FormError } from '../../ui/FormError';

/**
 * A save refused with 409: someone else saved the draft first. Nothing is decided for the
 * person editing: they reload the stored draft (dropping their changes) or overwrite it with
 * theirs. Closing the dialog keeps the local changes unsaved until they choose.
 */
export function ConflictDialog({ conflict, onClose }: { conflict: SaveConflict; onClose(): void }) {
  const resolve = useFlowEditor((state) => state.resolveConflict);
  const [busy, setBusy] = useState<'theirs' | 'mine' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const choose = async (choice: 'theirs' | 'mine') => {
    setBusy(choice);
    setError(null);
    try {
      await resolve(choice);
    } catch (failure) {
      setError(errorMessage(failure));
      setBusy(null);
    }
  };
  const when = conflict.updatedAt ? new Date(conflict.updatedAt).toLocaleString() : null;
  return (
    <Dialog
      open
      title="Someone else saved this flow"
      onClose={onClose}
      footer={
        <>
          <Button onClick={() => void choose('theirs')} busy={busy === 'theirs'} disabled={busy !== null} data-testid="conflict-reload">
            Reload theirs
          </Button>
          <Button variant="danger" onClick={() => void choose('mine')} busy={busy === 'mine'} disabled={busy !== null} data-testid="conflict-overwrite">
            Overwrite with mine
          </Button>
        </>
      }
    >
      <div className="confirm-dialog" data-testid="conflict-dialog">
        <p>
          <strong>Someone else saved this flow since you opened it</strong>
          {when ? ` (at ${when})` : ''}. Your latest changes are not saved yet.
        </p>
        <p>
          <em>Reload theirs</em> discards your unsaved changes and shows the flow as it is stored now. <em>Overwrite with mine</em> replaces their version with
          yours.
        </p>
        <FormError message={error} />
      </div>
    </Dialog>
  );
}
