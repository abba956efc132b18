import { useEffect } from 'react';
import { useFlowEditor } from '../../store/flow-store';
import { useConnectionHint } from './connection-hint';
import { Icon } from './Icon';

const SHOW_MS = 5000;

/**
 * The store's last refusal (a loop, a second trigger…) as a small toast over the canvas, and
 * while a connection is drawn over a place that refuses it, the reason.
 */
export function CanvasNotice() {
  const notice = useFlowEditor((state) => state.notice);
  const hint = useConnectionHint((state) => state.reason);
  const setNotice = useFlowEditor((state) => state.setNotice);

  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(null), SHOW_MS);
    return () => clearTimeout(timer);
  }, [notice, setNotice]);

  return (
    <div className="canvas-notice-region" role="status" aria-live="polite">
      {hint ? (
        <div className="canvas-notice is-hint" data-testid="connection-hint">
          <Icon name="alert" size={16} />
          <span>Can&apos;t connect here: {hint}</span>
        </div>
      ) : notice ? (
        <div className="canvas-notice" data-testid="canvas-notice">
          <Icon name="alert" size={16} />
          <span>{notice}</span>
          <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => setNotice(null)}>
            <Icon name="x" size={14} />
          </button>
        </div>
      ) : null}
    </div>
  );
}
