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
  const { trigger, system } = preparedTrigger(input.trigger ?? input.event.data, input);
  const context = {
    ...system,
    trigger,
    steps: input.steps,
    run: { id: input.run.id, startedAt: toIso(input.run.startedAt) },
    flow: { id: input.flow.id, name: input.flow.name },
  } as RunContext;
  for (const [name, value] of Object.entries(input.dynamicVariables ?? {})) {
    if (value !== undefined) context[`${DYNAMIC_VARIABLE_PREFIX}${name}` as `dyn_${string}`] = value;
  }
  return context;
}

/**
 * The trigger as templates read it and the run's system variables, kept with the trigger's data
 * for the next context of the same run (each step of a run builds one; contexts share them, and
 * nothing writes to a context). A variable whose data is missing is absent, so rendering reports
 * it as unresolved.
 */
const prepared = new WeakMap<object, { key: string; trigger: Record<string, unknown>; system: SystemVariables }>();

function preparedTrigger(data: Record<string, unknown>, input: RunContextInput): { trigger: Record<string, unknown>; system: SystemVariables } {
  const key = [input.run.id, toIso(input.event.occurredAt), input.accountName, input.publicUrl, input.workspaceId, input.timeZone].join('\u0000');
  const cached = prepared.get(data);
  if (cached?.key === key) return cached;
  const system = deriveSystemVariables({
    data,
    occurredAt: input.event.occurredAt,
    runId: input.run.id,
    accountName: input.accountName,
    publicUrl: input.publicUrl,
    workspaceId: input.workspaceId,
    timeZone: input.timeZone,
  });
  // The seeds map `{{trigger.customer_name}}` too: the trigger answers the system variables it
  // does not hold itself (hidden, so `{{trigger}}` and the run view show only its data).
  const trigger = { ...data };
  for (const { name } of SYSTEM_VARIABLES) {
    if (system[name] !== undefined && !Object.prototype.hasOwnProperty.call(data, name)) {
      Object.defineProperty(trigger, name, { value: system[name], enumerable: false, configurable: true, writable: true });
    }
  }
  const entry = { key, trigger, system };
  prepared.set(data, entry);
  return entry;
}

function toIso(value: string | Date): string {
  if (!(value instanceof Date)) return value;
  return Number.isNaN(value.getTime()) ? '' : value.toISOString();
}
