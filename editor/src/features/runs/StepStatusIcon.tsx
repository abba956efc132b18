import type { StepStatus } from '../../api/types';

const GLYPH: Record<StepStatus, string> = {
  pending: '○',
  running: '◐',
  waiting: '‖',
  succeeded: '✓',
  failed: '✕',
  skipped: '–',
};

/** A round status marker for a step (its status is also said in words next to it). */
export function StepStatusIcon({ status }: { status: StepStatus }) {
  return (
    <span className={`run-step-icon run-step-icon-${status}`} aria-hidden="true">
      {GLYPH[status] ?? '•'}
    </span>
  );
}
