import type { StepObserver } from '../execution/ports';

/**
 * `SWITCHBOARD_FAULT` (tests only) as the execution core's step observer:
 * `crash-after-side-effect` kills the worker right after a side-effect node returned and before
 * its outcome is stored, the crash the durability tests recover from. Other values are not the
 * core's (`crash-after-provider-call` is the WhatsApp gateway's).
 */
export function faultObserver(fault: string | undefined): StepObserver | undefined {
  if (fault !== 'crash-after-side-effect') return undefined;
  return { afterSideEffect: () => process.kill(process.pid, 'SIGKILL') };
}
