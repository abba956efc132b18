import { useRef, useState, type ChangeEvent } from 'react';
import { ApiError, api, errorMessage } from '../../api/client';
import type { OperationBody } from '@switchboard/shared';
import { navigate } from '../../app/router';
import { useRefusal } from '../../store/use-access';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { parseFlowFile, problemLines } from './flow-list-format';

/**
 * "Import": pick an exported flow document (JSON), create a draft from it and open it. When the
 * engine refuses it, a dialog lists every problem it named.
 */
export function ImportFlowButton() {
  const cannotImport = useRefusal('POST', '/api/flows/import', 'import flows');
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<{ file: string; message: string; lines: string[] } | null>(null);

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setBusy(true);
    try {
      const parsed = parseFlowFile(await file.text());
      if (!parsed.ok) {
        setFailure({ file: file.name, message: parsed.message, lines: [] });
        return;
      }
      // The file is the user's: the engine checks it and names each problem (shown below).
      const flow = await api.post('/api/flows/import', parsed.document as OperationBody<'POST /api/flows/import'>);
      navigate({ page: 'flow', flowId: flow.id });
    } catch (error) {
      setFailure({ file: file.name, message: errorMessage(error), lines: error instanceof ApiError ? problemLines(error.details) : [] });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <input ref={input} type="file" accept="application/json,.json" className="visually-hidden" tabIndex={-1} aria-hidden="true" onChange={(event) => void onFile(event)} data-testid="import-flow-file" />
      <Button onClick={() => input.current?.click()} busy={busy} disabled={Boolean(cannotImport)} title={cannotImport ?? 'Create a draft from a flow exported as JSON'}>
        Import
      </Button>
      <Dialog
        open={failure !== null}
        title="The flow could not be imported"
        onClose={() => setFailure(null)}
        footer={
          <>
            <Button onClick={() => setFailure(null)}>Close</Button>
            <Button
              variant="primary"
              onClick={() => {
                setFailure(null);
                input.current?.click();
              }}
            >
              Choose another file
            </Button>
          </>
        }
      >
        <p>
          <strong>{failure?.file}</strong>: {failure && failure.lines.length > 0 ? 'the engine found these problems:' : failure?.message}
        </p>
        {failure && failure.lines.length > 0 ? (
          <ul className="fl-import-problems" role="list">
            {failure.lines.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        ) : null}
        <p className="hint">A flow document is what “Export” gives: {'{ "name": …, "graph": { "nodes": […], "edges": […] } }'}.</p>
      </Dialog>
    </>
  );
}
