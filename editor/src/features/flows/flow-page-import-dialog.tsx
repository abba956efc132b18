import type { FlowGraph } from '@switchboard/shared';
import { useState } from 'react';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { ConfirmDialog } from './flow-page-confirm-dialog';
import { parseImport } from './flow-page-json';

export interface ImportFile {
  fileName: string;
  text: string;
}

/** Confirms replacing the draft's graph with an imported file's (undoable), or says why the file does not fit. */
export function ImportDialog({ file, currentName, onImport, onClose, onChooseAgain }: { file: ImportFile; currentName: string; onImport(graph: FlowGraph, name: string | null): void; onClose(): void; onChooseAgain(): void }) {
  const [parsed] = useState(() => parseImport(file.text));
  const [rename, setRename] = useState(false);

  if (parsed.error !== null) {
    return (
      <Dialog
        open
        title="Import JSON"
        onClose={onClose}
        footer={
          <>
            <Button onClick={onClose}>Cancel</Button>
            <Button variant="primary" onClick={onChooseAgain}>
              Choose another file
            </Button>
          </>
        }
      >
        <div data-testid="import-dialog">
          <p className="form-error" role="alert">
            {file.fileName}: {parsed.error}
          </p>
        </div>
      </Dialog>
    );
  }
  const { graph, name } = parsed;
  return (
    <ConfirmDialog title="Import JSON" confirmLabel="Replace the draft" danger testId="import-dialog" onClose={onClose} onConfirm={() => onImport(graph, rename ? name : null)}>
      <p>
        Replace this draft with the <strong>{graph.nodes.length}</strong> step{graph.nodes.length === 1 ? '' : 's'} and <strong>{graph.edges.length}</strong> link
        {graph.edges.length === 1 ? '' : 's'} of <code>{file.fileName}</code>?
      </p>
      <p className="muted">The published version does not change until you publish. Undo (Ctrl+Z) brings the current steps back.</p>
      {name && name !== currentName ? (
        <label className="checkbox-row">
          <input type="checkbox" checked={rename} onChange={(event) => setRename(event.target.checked)} />
          Also rename the flow to “{name}”
        </label>
      ) : null}
    </ConfirmDialog>
  );
}
