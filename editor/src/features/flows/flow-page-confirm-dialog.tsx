import { useState, type ReactNode } from 'react';
import { errorMessage } from '../../api/client';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { FormError } from '../../ui/FormError';

/** "Are you sure?" for one action; shows the action's error and stays open when it fails. */
export function ConfirmDialog({ title, children, confirmLabel, danger, onConfirm, onClose, testId }: { title: string; children: ReactNode; confirmLabel: string; danger?: boolean; onConfirm(): Promise<void> | void; onClose(): void; testId?: string }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
    } catch (failure) {
      setError(errorMessage(failure));
      setBusy(false);
    }
  };
  return (
    <Dialog
      open
      title={title}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant={danger ? 'danger' : 'primary'} onClick={() => void confirm()} busy={busy} data-testid={testId ? `${testId}-confirm` : undefined}>
            {confirmLabel}
          </Button>
        </>
      }
    >
      <div className="confirm-dialog" data-testid={testId}>
        {children}
        <FormError message={error} />
      </div>
    </Dialog>
  );
}
