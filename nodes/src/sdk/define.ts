import type { z } from 'zod';
import type { DynamicOutputs, RetryPolicy } from '@switchboard/shared';
import type { AiJudgement, MatchResult } from './match';
import type { NodePorts } from './ports';

export type NodeKind = 'trigger' | 'action';

/** What every node definition shares: plain data the catalog, editor and validator read. */
interface NodeMeta<Schema extends z.ZodType> {
  /** Stable type name, `family.verb_noun` for actions, the event type for triggers. */
  type: string;
  /** Bumped when the config's meaning changes; stored with every node instance. */
  typeVersion: number;
  title: string;
  description: string;
  category: string;
  /** An icon name from the editor's icon set. */
  icon: string;
  /** What the user fills in; string fields may hold `{{ }}` expressions. */
  config: Schema;
}

/** An event as the engine hands it to triggers: the type and its `data` (CONTRACT "Event data"). */
export interface TriggerEvent {
  type: string;
  id: string;
  occurredAt: string;
  data: Record<string, unknown>;
}

export interface MatchContext {
  /** The run context the trigger's conditions are evaluated against (no steps yet). */
  context: Record<string, unknown>;
  /** Evaluates a json-logic condition against `context`. */
  evaluate(condition: unknown): boolean;
  /**
   * Asks the AI whether a natural-language condition holds for this event (the trigger's
   * `aiCondition`, judged against the transcript) with the trigger's AI connection, or the
   * engine-wide model. Absent while no AI is wired in: then triggers ignore their AI condition.
   * Answers the bare yes/no, or the judgement with the model's reason when it gave one.
   */
  judge?(question: string, connectionId?: string): Promise<boolean | AiJudgement>;
}

export interface TriggerDefinition<Schema extends z.ZodType = z.ZodType> extends NodeMeta<Schema> {
  kind: 'trigger';
  /**
   * The shape of the event's `data` (CONTRACT "Event data"), checked where events come in
   * (`POST /api/events`, test runs): lenient, so unknown keys pass and fields are optional
   * unless the trigger cannot work without them, but a field that is there has its type.
   * Absent: any object (a webhook's body, a manual run's payload).
   */
  event?: z.ZodType<Record<string, unknown>>;
  /** A sample of the event's data, for test runs and the editor's variable picker; satisfies `event`. */
  sampleEvent: Record<string, unknown>;
  /**
   * Whether `event` starts a run of a flow whose trigger has `config`; a trigger with filters
   * says why not (`notMatched`, `conditionVerdict`, `aiConditionVerdict` in `sdk/match`), which
   * Activity shows the operator. A bare `false` reads as `NOT_MATCHED`.
   */
  matches(event: TriggerEvent, config: z.output<Schema>, ctx: MatchContext): MatchResult | Promise<MatchResult>;
  /** Fields the trigger adds to `trigger` in the run context (e.g. `connected`). */
  enrich?(data: Record<string, unknown>): Record<string, unknown>;
  /**
   * The json-logic conditions `matches` says yes only under, when `config` has some (its
   * `conditions`, unless a setting bypasses them). With many flows listening to one trigger type,
   * the engine indexes their comparisons of a field with a fixed text (`trigger.agent.id ==
   * "agent_7"`) and matches an event only against the flows whose text it carries.
   */
  requiredConditions?(config: z.output<Schema>): unknown;
  /** The sample for a flow whose trigger has `config`, when it differs from `sampleEvent` (the manual trigger's own payload). */
  sampleFor?(config: z.output<Schema>): Record<string, unknown>;
  /**
   * Whether the event's sender waits for the run's answer: `always` (an in-call function's
   * voice agent: answered by a node that `answersCaller`, else when the run ends), or
   * `when_answered` (a webhook caller, only when the flow has such a node). Absent: nobody waits,
   * and flows with this trigger cannot hold a node that answers.
   */
  callerWaits?: 'always' | 'when_answered';
}

/** What a resumed wait hands back to the node. */
export interface Resumption {
  kind: 'delay' | 'reply' | 'timeout';
  payload?: unknown;
}

export interface ActionContext<Config> {
  /** The node's config, rendered against the run context and parsed by its schema. */
  config: Config;
  run: { id: string; flowId: string; workspaceId: string; startedAt: string; isTest: boolean };
  node: { id: string; type: string };
  /** 1 on the first attempt. */
  attempt: number;
  /** The run context (`trigger`, `steps`, `run`, `flow`, system variables). */
  context: Record<string, unknown>;
  /** Evaluates a json-logic condition against the run context. */
  evaluate(condition: unknown): boolean;
  settings: { defaultPhoneCountry?: string };
  /** The current time; the engine's clock, so tests can reason about it. */
  now(): Date;
  ports: NodePorts;
}

/** See `ActionDefinition.dynamicOutputs` (the handle rules live in shared, which the editor imports too). */
export type { DynamicOutputs };

export type ActionResult =
  | { output?: unknown; handle?: string }
  | {
      /**
       * Runs the nodes after the `item` handle once per item, each iteration in its own scope
       * (`{{steps.<node>.item}}`, `{{steps.<node>.index}}`), at most `concurrency` at a time;
       * then the node succeeds on `done` with every iteration's result (`flow.loop`).
       */
      fanOut: { items: unknown[]; concurrency: number; output?: Record<string, unknown> };
    }
  | {
      /**
       * Wait until `until`; with a `correlation` the wait ends earlier when the engine hears
       * of it (an inbound message of that customer), and `resume` gets `{ kind: 'reply' }` or
       * `{ kind: 'timeout' }`.
       */
      wait: { until: Date; output?: unknown; correlation?: string };
    };

export interface ActionDefinition<Schema extends z.ZodType = z.ZodType> extends NodeMeta<Schema> {
  kind: 'action';
  /** The handles edges may leave from; `error` is implicit on every action. */
  outputs: readonly string[] | ((config: z.output<Schema>) => string[]);
  /**
   * Handles that depend on the config, listed before `outputs`: one per item of the array
   * `config[from]`, named by the item's `key` field. Declarative, so the editor and graph
   * validation read them from a raw (even invalid) config without running code.
   *
   * @example { from: 'branches', key: 'key' } // a branch with keys `hot`, `cold` → hot, cold, …outputs
   */
  dynamicOutputs?: DynamicOutputs;
  /** What the node's output looks like, for the editor's variable picker (`{{steps.<id>.<field>}}`). */
  sampleOutput?: Record<string, unknown>;
  /** Output fields named by the config (`flow.set`'s value names): the config field whose keys (or items' `key`) they are. */
  dynamicOutputFields?: { from: string; key?: string };
  /**
   * For a node that returns `fanOut`: the handle whose downstream steps run once per item, and
   * the handle the node fires when every item is done.
   */
  fanOut?: { item: string; done: string };
  /** Config fields rendered with HTML escaping (an email body): a customer's `<b>` arrives as text. */
  htmlFields?: readonly string[];
  /**
   * Config fields that hold a JSON body (an HTTP request's): a template that is JSON renders
   * string by string (`renderJson`), so values cannot break it and `"{{x}}"` keeps x's type.
   * A body that looks like JSON (starts with `{` or `[`, or a JSON `content-type` header) must
   * be JSON once its variables are filled in, or validation reports the field.
   */
  jsonFields?: readonly string[];
  /** Config fields that hold a URL: a value rendered into its path or query is percent-encoded (`renderUrl`). */
  urlFields?: readonly string[];
  /** The node answers the caller waiting on the run (`flow.respond`): allowed only after a trigger whose `callerWaits`. */
  answersCaller?: boolean;
  /** Whether the node has side effects outside the run (then the default retry policy applies). */
  sideEffect: boolean;
  /** Default retry policy; the seed's "retry after one minute" for side effects. */
  retry?: RetryPolicy;
  execute(ctx: ActionContext<z.output<Schema>>): Promise<ActionResult> | ActionResult;
  /** Called when a wait the node asked for ends; by default the node succeeds with the wait's payload. */
  resume?(ctx: ActionContext<z.output<Schema>>, resumption: Resumption): Promise<ActionResult> | ActionResult;
}

export type NodeDefinition = TriggerDefinition | ActionDefinition;

/** Defines a trigger; the type parameter is inferred from `config`, so `matches` gets typed config. */
export function defineTrigger<Schema extends z.ZodType>(definition: Omit<TriggerDefinition<Schema>, 'kind'>): TriggerDefinition<Schema> {
  return { kind: 'trigger', ...definition };
}

/** Defines an action; the type parameter is inferred from `config`, so `execute` gets typed config. */
export function defineAction<Schema extends z.ZodType>(definition: Omit<ActionDefinition<Schema>, 'kind'>): ActionDefinition<Schema> {
  return { kind: 'action', ...definition };
}

/** The seed's retry strategy: wait one minute, retry, three attempts in all, backoff doubling. */
export const SIDE_EFFECT_RETRY: RetryPolicy = { attempts: 3, backoffMs: 60_000 };
/** Pure nodes are deterministic: retrying them changes nothing. */
export const NO_RETRY: RetryPolicy = { attempts: 1, backoffMs: 0 };
