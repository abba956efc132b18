import { useState } from 'react';
import { api } from '../../api/client';
import type { CustomerErasureView } from '../../api/types';
import { useRefusal } from '../../store/use-access';
import { Button } from '../../ui/Button';
import { ConfirmDialog } from '../flows/flow-page-confirm-dialog';
import { erasePath } from './erase-customer';

/**
 * "Erase customer": after a confirmation, erases everything the workspace keeps about the
 * conversation's customer (every conversation and message of theirs, the AI's memory, the
 * customer data in their runs) and hands the result up.
 */
export function EraseCustomer({ phone, name, onErased }: { phone: string; name: string | null; onErased(result: CustomerErasureView): void }) {
  const cannotErase = useRefusal('DELETE', '/api/contacts/:phone', 'erase customers');
  const [confirming, setConfirming] = useState(false);
  const erase = async () => {
    const result = await api.delete(erasePath(phone));
    setConfirming(false);
    onErased(result);
  };
  return (
    <>
      <Button
        variant="danger"
        onClick={() => setConfirming(true)}
        data-testid="erase-customer"
        disabled={Boolean(cannotErase)}
        title={cannotErase ?? "Erase this customer's messages, conversations, AI memory and the customer data in their runs"}
      >
        Erase customer
      </Button>
      {confirming ? (
        <ConfirmDialog title="Erase this customer?" confirmLabel="Erase for good" danger onConfirm={erase} onClose={() => setConfirming(false)} testId="erase-customer-dialog">
          <p>
            Everything this workspace keeps about <strong>{name ? `${name} (${phone})` : phone}</strong> is erased: every conversation and message with them on every
            sender, the AI&apos;s memory of them, and the customer data in their runs (runs still under way are cancelled). This cannot be undone.
          </p>
          <p className="muted small">If they opted out of messages, that fact is kept so they stay opted out.</p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}
