/**
 * How an AI step's answer was produced, read from its output: the AI nodes (`ai.generate_reply`,
 * `ai.extract`, `ai.decide`) put `offline`, `model` and `usage` beside their result; `email.send`
 * puts them under `routing` when the AI routed the email. Pure, for the run view's marks.
 */

export interface StepProvenance {
  /** The offline rules answered: no AI model is configured. */
  offline: boolean;
  /** The model that answered; null offline or when the output does not say. */
  model: string | null;
  usage: { promptTokens: number | null; completionTokens: number | null; totalTokens: number | null } | null;
}

export const OFFLINE_EXPLANATION = 'Answered by the offline rules, not an AI model: no AI model is connected. Connect one (Connections, AI provider) or choose an AI connection in the step.';

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function count(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** The provenance in a step's output, or null when the step did not ask an AI. */
export function stepProvenance(output: unknown): StepProvenance | null {
  if (!isRecord(output)) return null;
  const source = typeof output.offline === 'boolean' ? output : isRecord(output.routing) && typeof output.routing.offline === 'boolean' ? output.routing : null;
  if (!source) return null;
  const offline = source.offline === true;
  const usage = isRecord(source.usage) ? source.usage : null;
  return {
    offline,
    model: !offline && typeof source.model === 'string' && source.model !== '' ? source.model : null,
    usage: !offline && usage ? { promptTokens: count(usage.promptTokens), completionTokens: count(usage.completionTokens), totalTokens: count(usage.totalTokens) } : null,
  };
}

/** "1,234 tokens" (English digit grouping, so it reads the same everywhere). */
export function tokensText(tokens: number): string {
  return `${tokens.toLocaleString('en-US')} ${tokens === 1 ? 'token' : 'tokens'}`;
}

/** The short line beside a step a model answered: "gpt-4o-mini · 1,234 tokens". */
export function modelLine(provenance: StepProvenance): string | null {
  if (provenance.offline || !provenance.model) return null;
  const total = provenance.usage?.totalTokens;
  return total !== null && total !== undefined ? `${provenance.model} · ${tokensText(total)}` : provenance.model;
}

/** The sentence in the opened step: who answered and what it cost. */
export function provenanceSentence(provenance: StepProvenance): string {
  if (provenance.offline) return OFFLINE_EXPLANATION;
  const model = provenance.model ?? 'an AI model';
  const usage = provenance.usage;
  if (!usage || usage.totalTokens === null) return `Answered by ${model}.`;
  const parts = usage.promptTokens !== null && usage.completionTokens !== null ? ` (${usage.promptTokens.toLocaleString('en-US')} in, ${usage.completionTokens.toLocaleString('en-US')} out)` : '';
  return `Answered by ${model}: ${tokensText(usage.totalTokens)}${parts}.`;
}

/** Whether any step of a run was answered by the offline rules (the sandbox marks that run's replies). */
export function answeredOffline(run: { steps: ReadonlyArray<{ output?: unknown }> }): boolean {
  return run.steps.some((step) => stepProvenance(step.output)?.offline === true);
}
