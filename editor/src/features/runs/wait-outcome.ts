import type { StepView } from '../../api/types';

/** What a wait-for-reply step is doing or did, read from its stored input, output and path. */
export type WaitOutcome =
  | { kind: 'waiting'; from: string | null; timeoutMinutes: number | null; until: string | null }
  | { kind: 'replied'; from: string | null; name: string | null; text: string | null; at: string | null }
  | { kind: 'timeout'; from: string | null; timeoutMinutes: number | null };

export const WAIT_FOR_REPLY = 'flow.wait_for_reply';

/**
 * A `flow.wait_for_reply` step's state: waiting (for whom, until when: its start plus
 * `timeoutMinutes`), replied (with the message) or timed out; null for other steps and for a
 * wait that has not started or was skipped.
 *
 * @example waitOutcome({ type: 'flow.wait_for_reply', status: 'succeeded', handle: 'timeout', … }) // { kind: 'timeout', … }
 */
export function waitOutcome(step: Pick<StepView, 'type' | 'status' | 'handle' | 'input' | 'output' | 'startedAt'>): WaitOutcome | null {
  if (step.type !== WAIT_FOR_REPLY) return null;
  const input = record(step.input);
  const output = record(step.output);
  const timeoutMinutes = typeof input?.timeoutMinutes === 'number' && Number.isFinite(input.timeoutMinutes) ? input.timeoutMinutes : null;
  const message = record(output?.message);
  const from = text(message?.from) ?? text(input?.from) ?? text(output?.from);
  const outcome = text(output?.outcome) ?? step.handle;
  if (step.status === 'succeeded' && outcome === 'replied') {
    return { kind: 'replied', from, name: text(message?.name), text: typeof message?.text === 'string' ? message.text : null, at: text(message?.timestamp) };
  }
  if (step.status === 'succeeded' && outcome === 'timeout') return { kind: 'timeout', from, timeoutMinutes };
  if (step.status === 'waiting' || step.status === 'running') return { kind: 'waiting', from, timeoutMinutes, until: deadline(step.startedAt, timeoutMinutes) };
  return null;
}

/** When a wait that started at `startedAt` gives up: the start plus the timeout. */
export function deadline(startedAt: string | null, timeoutMinutes: number | null): string | null {
  if (!startedAt || timeoutMinutes === null) return null;
  const start = Date.parse(startedAt);
  if (Number.isNaN(start)) return null;
  return new Date(start + timeoutMinutes * 60_000).toISOString();
}

/** "30 s", "10 min", "1 h 30 min", "2 days": a timeout as set, in words. */
export function minutesInWords(minutes: number): string {
  if (minutes < 1) return `${Math.round(minutes * 60)} s`;
  if (minutes < 60) return `${roundTo(minutes, 1)} min`;
  if (minutes < 24 * 60) {
    const hours = Math.floor(minutes / 60);
    const rest = Math.round(minutes % 60);
    return rest > 0 ? `${hours} h ${rest} min` : `${hours} h`;
  }
  const days = roundTo(minutes / (24 * 60), 1);
  return `${days} day${days === 1 ? '' : 's'}`;
}

function roundTo(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

function record(value: unknown): Record<string, unknown> | null {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}
