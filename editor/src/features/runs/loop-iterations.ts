import type { IterationStatus, LoopIteration, StepView } from '../../api/types';

/**
 * A loop's iterations as the run view lists them. Pure, so the counts, labels and filters are
 * tested without a browser, and cheap enough to redo on every poll of a 1,000-item loop.
 */

/** The loop step's iterations, or null when the step is not a loop. */
export function loopIterations(step: Pick<StepView, 'iterations'>): LoopIteration[] | null {
  return Array.isArray(step.iterations) ? step.iterations : null;
}

/** How many times a step inside a loop's body ran, or null for a step outside any loop. */
export function bodyRunCount(step: Pick<StepView, 'iterations' | 'loopId'>): number | null {
  if (!step.loopId) return null;
  return typeof step.iterations === 'number' ? step.iterations : 0;
}

export interface LoopProgress {
  /** Items in the list (`null` until the loop has read its list). */
  total: number | null;
  /** Iterations that started (the engine lists only those). */
  started: number;
  succeeded: number;
  failed: number;
  running: number;
  waiting: number;
}

export function loopProgress(step: Pick<StepView, 'iterations' | 'output'>): LoopProgress {
  const iterations = loopIterations(step) ?? [];
  const progress: LoopProgress = { total: loopTotal(step.output), started: iterations.length, succeeded: 0, failed: 0, running: 0, waiting: 0 };
  for (const iteration of iterations) progress[iteration.status] += 1;
  return progress;
}

/** The count of items from a loop's output: `count` once it read its list (while it runs and when done). */
function loopTotal(output: unknown): number | null {
  if (!output || typeof output !== 'object') return null;
  const { count, items } = output as { count?: unknown; items?: unknown };
  if (typeof count === 'number') return count;
  return Array.isArray(items) ? items.length : null;
}

/** One part of a loop's tally; `failed` parts are the ones to make stand out. */
export interface TallyPart {
  text: string;
  failed?: true;
}

/**
 * The loop in a few words: "97 succeeded · 3 failed" when it is done, "42 of 100 done · 5 running"
 * while it runs, "No items" for an empty list.
 */
export function progressParts(progress: LoopProgress): TallyPart[] {
  const { total, started, succeeded, failed, running, waiting } = progress;
  if (total === 0) return [{ text: 'No items' }];
  if (total === null && started === 0) return [{ text: 'Not started' }];
  const done = succeeded + failed;
  const failures: TallyPart[] = failed > 0 ? [{ text: `${failed} failed`, failed: true }] : [];
  if (total !== null && done >= total && running === 0 && waiting === 0) return [{ text: `${succeeded} succeeded` }, ...failures];
  return [
    { text: total !== null ? `${done} of ${total} done` : `${done} done` },
    ...(running > 0 ? [{ text: `${running} running` }] : []),
    ...(waiting > 0 ? [{ text: `${waiting} waiting` }] : []),
    ...failures,
  ];
}

export function progressLabel(progress: LoopProgress): string {
  return joinParts(progressParts(progress));
}

export function joinParts(parts: readonly TallyPart[]): string {
  return parts.map((part) => part.text).join(' · ');
}

/** The loop's line under its step row: "100 items · 97 succeeded · 3 failed"; null before it read its list. */
export function loopSummary(progress: LoopProgress): TallyPart[] | null {
  if (progress.total === null && progress.started === 0) return null;
  if (progress.total === 0) return [{ text: 'No items: went straight on to done' }];
  const parts = progressParts(progress);
  return progress.total !== null ? [{ text: `${progress.total} item${progress.total === 1 ? '' : 's'}` }, ...parts] : parts;
}

export type IterationFilter = 'all' | 'failed' | 'unfinished';

const UNFINISHED: ReadonlySet<IterationStatus> = new Set(['running', 'waiting']);

/** The iterations a filter keeps, in item order. `all` returns the list itself (no copy of 1,000 rows). */
export function filterIterations(iterations: LoopIteration[], filter: IterationFilter): LoopIteration[] {
  if (filter === 'all') return iterations;
  if (filter === 'failed') return iterations.filter((iteration) => iteration.status === 'failed');
  return iterations.filter((iteration) => UNFINISHED.has(iteration.status));
}

/** The iteration worth opening first: the first failed one, else the first still under way, else none. */
export function initialIteration(iterations: readonly LoopIteration[]): number | null {
  const failed = iterations.find((iteration) => iteration.status === 'failed');
  if (failed) return failed.index;
  return iterations.find((iteration) => UNFINISHED.has(iteration.status))?.index ?? null;
}

/** Fields that name a record, in the order a person would look for them. */
const NAME_KEYS = ['name', 'title', 'label', 'subject', 'customer_name', 'customerName', 'fullName', 'full_name', 'first_name', 'firstName'];
/** Fields that tell records apart when the name does not (or there is none). */
const ID_KEYS = ['phone', 'email', 'to', 'customer', 'id', 'key', 'time', 'date', 'url'];

/**
 * A short label for a loop's item: a scalar as it is; a record by its name and one telling field
 * ("Alex Morgan · +14155551234"); else compact JSON, cut to `max` characters.
 *
 * @example itemLabel({ name: 'Customer 5', phone: '+14155551005', time: '14:00' }) // "Customer 5 · +14155551005"
 */
export function itemLabel(item: unknown, max = 48): string {
  return cut(rawLabel(item), max);
}

function rawLabel(item: unknown): string {
  if (item === null || item === undefined) return '—';
  if (typeof item === 'string') return item.trim() === '' ? '(empty text)' : item.replace(/\s+/g, ' ').trim();
  if (typeof item === 'number' || typeof item === 'boolean') return String(item);
  if (Array.isArray(item)) return item.length === 0 ? '(empty list)' : compactJson(item);
  if (typeof item !== 'object') return String(item);
  const record = item as Record<string, unknown>;
  const name = NAME_KEYS.map((key) => scalar(record[key])).find((value) => value !== null) ?? null;
  const id = ID_KEYS.map((key) => scalar(record[key])).find((value) => value !== null && value !== name) ?? null;
  if (name !== null && id !== null) return `${name} · ${id}`;
  if (name !== null) return name;
  if (id !== null) return id;
  return Object.keys(record).length === 0 ? '(empty object)' : compactJson(record);
}

function scalar(value: unknown): string | null {
  if (typeof value === 'string' && value.trim() !== '') return value.replace(/\s+/g, ' ').trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

function compactJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(1, max - 1))}…`;
}

/**
 * A body step across the iterations: how many items it ran for (not those it was skipped in) and
 * the indexes of the items it failed for for good (a failure an `error` edge took is handled and
 * counts as done, as the engine counts it).
 */
export function bodyTally(iterations: readonly LoopIteration[], nodeId: string): { ran: number; failed: number[] } {
  let ran = 0;
  const failed: number[] = [];
  for (const iteration of iterations) {
    const step = iteration.steps.find((candidate) => candidate.nodeId === nodeId);
    if (!step || !RAN.has(step.status)) continue;
    ran += 1;
    if (isFailure(step)) failed.push(iteration.index);
  }
  return { ran, failed };
}

const RAN: ReadonlySet<string> = new Set(['running', 'waiting', 'succeeded', 'failed']);

/** The items a body step failed for (see `bodyTally`). */
export function failedIterationsOf(iterations: readonly LoopIteration[], nodeId: string): number[] {
  return bodyTally(iterations, nodeId).failed;
}

export function isFailure(step: Pick<StepView, 'status' | 'handle'>): boolean {
  return step.status === 'failed' && step.handle !== 'error';
}

/** Of an iteration's steps, those open at first: the failed ones, else those under way, else all (a body is a few steps). */
export function initiallyOpenSteps(iteration: Pick<LoopIteration, 'steps'>): Set<string> {
  const failed = iteration.steps.filter(isFailure);
  if (failed.length > 0) return new Set(failed.map((step) => step.nodeId));
  const moving = iteration.steps.filter((step) => step.status === 'running' || step.status === 'waiting');
  if (moving.length > 0) return new Set(moving.map((step) => step.nodeId));
  return new Set(iteration.steps.filter((step) => step.status !== 'pending' && step.status !== 'skipped').map((step) => step.nodeId));
}
