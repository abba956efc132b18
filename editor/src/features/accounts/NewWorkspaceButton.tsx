import { useState } from 'react';
import { Button } from '../../ui/Button';
import { NewWorkspaceDialog } from './NewWorkspaceDialog';

export function NewWorkspaceButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="primary" onClick={() => setOpen(true)}>
        New workspace…
      </Button>
      <NewWorkspaceDialog open={open} onClose={() => setOpen(false)} />
    </>
  );
}
