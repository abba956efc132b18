import { useState } from 'react';
import { api } from '../../api/client';
import { useSession } from '../../store/session-store';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { FormError } from '../../ui/FormError';
import { useAction } from '../../ui/use-action';

/** "New workspace…": its name; the person is its owner, and the tab moves to it. */
export function NewWorkspaceDialog({ open, onClose }: { open: boolean; onClose(): void }) {
  const switchWorkspace = useSession((state) => state.switchWorkspace);
  const [name, setName] = useState('');
  const create = useAction();

  const submit = () =>
    create.run(async () => {
      const workspace = await api.post('/api/workspaces', { name: name.trim() });
      switchWorkspace(workspace.id);
    });

  return (
    <Dialog
      open={open}
      title="New workspace"
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" busy={create.busy} disabled={!name.trim()} onClick={() => void submit()}>
            Create workspace
          </Button>
        </>
      }
    >
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (name.trim()) void submit();
        }}
      >
        <div className="field">
          <label htmlFor="workspace-name">Name</label>
          <input id="workspace-name" value={name} maxLength={200} placeholder="Clinic Norte" autoFocus onChange={(event) => setName(event.target.value)} />
          <p className="hint">A workspace has its own flows, connections, API keys and members. You are its owner.</p>
        </div>
      </form>
      <FormError message={create.error} />
    </Dialog>
  );
}
