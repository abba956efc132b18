import type { FlowGraph } from '@switchboard/shared';
import type { NodeDescription } from '../../api/types';

type Describe = (type: string, typeVersion?: number) => NodeDescription | undefined;

/**
 * Who a node that answers the caller (`flow.respond`, `answersCaller`) answers in this flow, from
 * its trigger: the voice agent that called the in-call function, the app that called the webhook,
 * nobody yet (no trigger), or nobody at all (a trigger whose sender does not wait: publishing
 * refuses the flow). `allowed` names the triggers after which it works.
 */
export type CallerNote =
  | { kind: 'agent'; functionName: string; timeoutMs: number; allowed: string[] }
  | { kind: 'webhook'; path: string; timeoutMs: number; allowed: string[] }
  | { kind: 'no-trigger'; allowed: string[] }
  | { kind: 'nobody'; triggerTitle: string; allowed: string[] };

/** The catalog's triggers whose sender waits for the run's answer, by title ("In-call function", "Webhook received"). */
function waitingTriggers(catalog: readonly NodeDescription[]): string[] {
  return catalog.filter((node) => node.kind === 'trigger' && node.callerWaits !== undefined).map((node) => node.title);
}

function configNumber(value: unknown, schemaDefault: unknown, fallback: number): number {
  if (typeof value === 'number') return value;
  return typeof schemaDefault === 'number' ? schemaDefault : fallback;
}

/**
 * @example callerNote(graph, describe, catalog) // { kind: 'agent', functionName: 'send_payment_link', timeoutMs: 8000, allowed: ['Webhook received', 'In-call function'] }
 */
export function callerNote(graph: FlowGraph, describe: Describe, catalog: readonly NodeDescription[]): CallerNote {
  const allowed = waitingTriggers(catalog);
  const trigger = graph.nodes.find((node) => describe(node.type, node.typeVersion)?.kind === 'trigger');
  if (!trigger) return { kind: 'no-trigger', allowed };
  const description = describe(trigger.type, trigger.typeVersion)!;
  const config = trigger.config ?? {};
  const defaults = description.configSchema.properties ?? {};
  if (description.callerWaits === 'always') {
    return {
      kind: 'agent',
      functionName: typeof config.name === 'string' ? config.name : String(defaults.name?.default ?? ''),
      timeoutMs: configNumber(config.timeoutMs, defaults.timeoutMs?.default, 10_000),
      allowed,
    };
  }
  if (description.callerWaits === 'when_answered') {
    return {
      kind: 'webhook',
      path: typeof config.path === 'string' ? config.path : String(defaults.path?.default ?? ''),
      // The webhook's own default, stated in its description (DEFAULT_RESPONSE_TIMEOUT_MS).
      timeoutMs: configNumber(config.responseTimeoutMs, defaults.responseTimeoutMs?.default, 10_000),
      allowed,
    };
  }
  return { kind: 'nobody', triggerTitle: description.title, allowed };
}

/**
 * A duration for people: `8 s`, `1.5 s`, `250 ms`.
 *
 * @example seconds(8000) // '8 s'
 */
export function seconds(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  return `${Number((ms / 1000).toFixed(1))} s`;
}
