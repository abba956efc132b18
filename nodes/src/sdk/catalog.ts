import type { z } from 'zod';
import { parseJsonTemplate, type ValidatableNodeType, type ValidationCatalog } from '@switchboard/shared';
import type { ActionDefinition, NodeDefinition, TriggerDefinition } from './define';
import { describeNode, type NodeDescription } from './describe';
import { atDesignTime } from './fields';
import { outputsFor, withDynamicAndError } from './outputs';
import { friendlyMessage, problemsOf, type ConfigProblem } from './problems';
import { defaultRetryPolicy, retryOverrideSchema } from './retry';

/** A problem of an event's data; `path` is inside the data. */
export interface EventDataIssue {
  path: PropertyKey[];
  message: string;
}

export type ConfigParseResult<Config> = { ok: true; config: Config } | { ok: false; problems: ConfigProblem[] };

/** A definition of either kind whose config schema is `Schema`. */
type DefinitionWith<Schema extends z.ZodType> = TriggerDefinition<Schema> | ActionDefinition<Schema>;

/** The view `ValidationCatalog.get` returns, which may also be asked for one version. */
export interface VersionedValidationCatalog extends ValidationCatalog {
  /** The view of `typeVersion` when the catalog has it, else of the latest (its `typeVersions` tell the validator). */
  get(type: string, typeVersion?: number): ValidatableNodeType | undefined;
}

/**
 * The node types the engine can run and the editor can draw: every version of every type.
 * Construction rejects a type+version defined twice, a type that is a trigger in one
 * version and an action in another, and a typeVersion that is not a positive integer.
 */
export class NodeCatalog {
  /** Versions of each type, ascending. */
  private readonly byType = new Map<string, NodeDefinition[]>();
  private readonly views = new Map<NodeDefinition, ValidatableNodeType>();
  private descriptions: NodeDescription[] | undefined;

  constructor(readonly definitions: readonly NodeDefinition[]) {
    for (const definition of definitions) {
      const { type, typeVersion, kind } = definition;
      if (!Number.isInteger(typeVersion) || typeVersion < 1) throw new Error(`${type}: typeVersion must be a positive integer, got ${typeVersion}`);
      const versions = this.byType.get(type) ?? [];
      if (versions.some((other) => other.typeVersion === typeVersion)) throw new Error(`${type} version ${typeVersion} is defined twice`);
      if (versions.some((other) => other.kind !== kind)) throw new Error(`${type} is a trigger in one version and an action in another`);
      versions.push(definition);
      versions.sort((a, b) => a.typeVersion - b.typeVersion);
      this.byType.set(type, versions);
    }
  }

  /** Every type name, in the order first defined. */
  types(): string[] {
    return [...this.byType.keys()];
  }

  /** The latest version of `type`. */
  get(type: string): NodeDefinition | undefined {
    return this.byType.get(type)?.at(-1);
  }

  /** The definition a stored node runs with; an absent typeVersion is 1, an unknown one undefined. */
  getVersion(type: string, typeVersion: number = 1): NodeDefinition | undefined {
    return this.byType.get(type)?.find((definition) => definition.typeVersion === typeVersion);
  }

  /** The versions of `type`, ascending; empty when the type is unknown. */
  versions(type: string): number[] {
    return (this.byType.get(type) ?? []).map((definition) => definition.typeVersion);
  }

  isTrigger(type: string): boolean {
    return this.get(type)?.kind === 'trigger';
  }

  /** The event types that can start a flow. */
  triggerTypes(): string[] {
    return this.types().filter((type) => this.isTrigger(type));
  }

  /**
   * Parses a rendered config for `execute` or `matches`. The `retry` override is not part
   * of a node's schema and is left out here (see `retryPolicyFor`). A failure is a
   * permanent `CONFIG_INVALID` step error.
   */
  parseConfig<Schema extends z.ZodType>(definition: DefinitionWith<Schema>, rendered: unknown): ConfigParseResult<z.output<Schema>> {
    const result = definition.config.safeParse(withoutRetry(rendered ?? {}));
    return result.success ? { ok: true, config: result.data } : { ok: false, problems: problemsOf(result.error) };
  }

  /** Every problem of an un-rendered config at design time, the `retry` override included. */
  validateConfig(definition: NodeDefinition, config: unknown): ConfigProblem[] {
    const result = atDesignTime(() => definition.config.safeParse(withoutRetry(config ?? {})));
    const problems = [...(result.success ? [] : problemsOf(result.error)), ...jsonFieldProblems(definition, config)];
    const retry = isRecord(config) ? config.retry : undefined;
    if (retry === undefined) return problems;
    if (definition.kind === 'trigger') return [...problems, { field: 'retry', message: 'A trigger is not retried; remove its retry setting' }];
    const parsed = retryOverrideSchema.safeParse(retry);
    return parsed.success ? problems : [...problems, ...problemsOf(parsed.error, ['retry'])];
  }

  /** The handles of a node with this parsed config: trigger `default`; action dynamic handles, outputs, `error`. */
  outputsFor(definition: NodeDefinition, config: unknown): string[] {
    return outputsFor(definition, config);
  }

  /** The event data a test run of a flow with this trigger config uses when the caller gives none. */
  sampleFor<Schema extends z.ZodType>(definition: TriggerDefinition<Schema>, config: z.output<Schema>): Record<string, unknown> {
    return definition.sampleFor?.(config) ?? definition.sampleEvent;
  }

  /**
   * Every problem of an event's data against its trigger's documented shape (the latest
   * version's `event`), each with its path inside the data (`['call', 'durationSeconds']`);
   * none when the type has no shape or is unknown.
   *
   * @example catalog.eventDataIssues('call.completed', { call: { durationSeconds: -1 } }) // [{ path: ['call', 'durationSeconds'], … }]
   */
  eventDataIssues(type: string, data: unknown): EventDataIssue[] {
    const definition = this.get(type);
    if (definition?.kind !== 'trigger' || !definition.event) return [];
    const result = definition.event.safeParse(data);
    return result.success ? [] : result.error.issues.map((issue) => ({ path: [...issue.path], message: friendlyMessage(issue.message) }));
  }

  /** The view shared's `validateGraph` needs. */
  validation(): VersionedValidationCatalog {
    return {
      get: (type, typeVersion) => {
        const definition = (typeVersion === undefined ? undefined : this.getVersion(type, typeVersion)) ?? this.get(type);
        return definition && this.view(definition);
      },
    };
  }

  /** Every type and version as plain JSON for `GET /api/nodes` (computed once; treat it as read-only). */
  describe(): NodeDescription[] {
    this.descriptions ??= this.definitions.map(describeNode);
    return this.descriptions;
  }

  private view(definition: NodeDefinition): ValidatableNodeType {
    let view = this.views.get(definition);
    if (!view) {
      view = {
        type: definition.type,
        kind: definition.kind,
        typeVersions: this.versions(definition.type),
        outputs: (config) => this.designOutputs(definition, config),
        validateConfig: (config) => this.validateConfig(definition, config),
        retry: defaultRetryPolicy(definition),
      };
      this.views.set(definition, view);
    }
    return view;
  }

  /** Handles of a raw config; computed outputs only when the config parses (its problems are reported anyway). */
  private designOutputs(definition: NodeDefinition, config: Record<string, unknown>): string[] {
    if (definition.kind === 'trigger' || typeof definition.outputs !== 'function') return outputsFor(definition, config);
    const parsed = atDesignTime(() => definition.config.safeParse(withoutRetry(config)));
    return withDynamicAndError(definition, config, parsed.success ? definition.outputs(parsed.data) : []);
  }
}

/**
 * A JSON body that is not JSON once its variables are filled in would be sent as text with the
 * values spliced in (a value could add fields); it is refused at design time instead.
 */
function jsonFieldProblems(definition: NodeDefinition, config: unknown): ConfigProblem[] {
  if (definition.kind !== 'action' || !definition.jsonFields || !isRecord(config)) return [];
  const headers = isRecord(config.headers) ? config.headers : {};
  const declaredJson = Object.entries(headers).some(([name, value]) => name.toLowerCase() === 'content-type' && typeof value === 'string' && /[/+]json\b/i.test(value));
  return definition.jsonFields.flatMap((field) => {
    const body = config[field];
    if (typeof body !== 'string' || body.trim() === '') return [];
    if (!declaredJson && !/^[[{]/.test(body.trim())) return [];
    if (parseJsonTemplate(body) !== null) return [];
    return [{ field, message: 'This body looks like JSON but is not valid JSON once its {{variables}} are filled in; put a variable inside quotes ("{{trigger.name}}") or alone as a value ({{steps.count}}), and check commas and brackets' }];
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function withoutRetry(config: unknown): unknown {
  if (!isRecord(config) || !('retry' in config)) return config;
  const { retry: _retry, ...rest } = config;
  return rest;
}
