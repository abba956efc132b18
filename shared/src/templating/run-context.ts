import { DYNAMIC_VARIABLE_PREFIX } from './template-variables';
import { SYSTEM_VARIABLES, deriveSystemVariables, type SystemVariables } from './system-variables';

/** What a run knows when it renders a step (CONTRACT "Expressions and conditions"). */
export interface RunContextInput {
  event: { type: string; id: string; occurredAt: string | Date; data: Record<string, unknown> };
  /** The event data plus fields the trigger adds (such as `connected`); `event.data` when absent. */
  trigger?: Record<string, unknown>;
  run: { id: string; startedAt: string | Date };
  flow: { id: string; name: string };
  /** Outputs of completed steps by node id. */
  steps: Record<string, unknown>;
  /** Values the AI extracted for `{{dyn_<name>}}`, keyed by `<name>` (without the prefix). */
  dynamicVariables?: Record<string, unknown>;
  accountName?: string;
  /** The engine's public URL (`PUBLIC_URL`), for `conversation_url`. */
  publicUrl?: string;
  /** The run's workspace, so a link into the editor opens it there (`?w=`). */
  workspaceId?: string;
  /** IANA time zone for `conversation_date` and `conversation_time`; UTC when absent or unknown. */
  timeZone?: string;
}

/** The view templates and conditions are evaluated against. */
export interface RunContext extends SystemVariables {
  trigger: Record<string, unknown>;
  steps: Record<string, unknown>;
  run: { id: string; startedAt: string };
  flow: { id: string; name: string };
  [dynamic: `dyn_${string}`]: unknown;
}

/**
 * Builds the run context: `trigger`, `steps`, `run`, `flow`, the system variables and `dyn_*` values.
 *
 * @example renderTemplate('{{customer_name}} called {{agent_name}}', buildRunContext(input))
 */
export function buildRunContext(input: RunContextInput): RunContext {
  const trigger = input.trigger ?? input.event.data;
  const context: RunContext = {
    trigger: { ...trigger },
    steps: input.steps,
    run: { id: input.run.id, startedAt: toIso(input.run.startedAt) },
    flow: { id: input.flow.id, name: input.flow.name },
  };
  // The system variables are derived on first read: most steps use none of them, and the
  // date formatting they need is the costliest part of a context. A variable whose data is
  // missing reads as undefined (so rendering reports it as unresolved).
  let system: SystemVariables | undefined;
  const derive = () =>
    (system ??= deriveSystemVariables({
      data: trigger,
      occurredAt: input.event.occurredAt,
      runId: input.run.id,
      accountName: input.accountName,
      publicUrl: input.publicUrl,
      workspaceId: input.workspaceId,
      timeZone: input.timeZone,
    }));
  for (const { name } of SYSTEM_VARIABLES) {
    Object.defineProperty(context, name, { enumerable: true, configurable: true, get: () => derive()[name] });
    // The seeds map `{{trigger.customer_name}}` too: the trigger answers the system variables
    // it does not hold itself (hidden, so `{{trigger}}` and the run view show only its data).
    if (!Object.prototype.hasOwnProperty.call(trigger, name)) {
      Object.defineProperty(context.trigger, name, { enumerable: false, configurable: true, get: () => derive()[name] });
    }
  }
  for (const [name, value] of Object.entries(input.dynamicVariables ?? {})) {
    if (value !== undefined) context[`${DYNAMIC_VARIABLE_PREFIX}${name}` as `dyn_${string}`] = value;
  }
  return context;
}

function toIso(value: string | Date): string {
  if (!(value instanceof Date)) return value;
  return Number.isNaN(value.getTime()) ? '' : value.toISOString();
}
