import { RETRY_LIMITS, retryTotalMs } from '../graph/retry-limits';
import type { GraphProblem, RetryPolicy } from '../graph/types';
import { errorMessage, isRecord } from '../util/is-record';
import type { ValidatableNodeType, ValidationCatalog } from './types';

/** Node ids are snake_case, since they become template paths (`{{steps.<id>.…}}`). @example NODE_ID_PATTERN.test('send_confirmation') // true */
export const NODE_ID_PATTERN = /^[a-z][a-z0-9_]*$/;
/** The longest node id validation accepts. */
export const NODE_ID_MAX_LENGTH = 64;

/**
 * The most characters a node's settings may take as JSON. Generous for any prompt or template
 * (Gmail clips an e-mail over 102 KB, so a longer body would not be read whole anyway), and it
 * keeps one step from making every validation and every run of its flow slow.
 */
export const MAX_NODE_CONFIG_CHARS = 100_000;

/**
 * Why a node's settings are too large (naming the node), or null when they fit.
 *
 * @example configSizeProblem('send_email', { html: 'x'.repeat(200_000) }) // 'the settings of send_email are 196 KB; …'
 */
export function configSizeProblem(name: string, config: unknown): string | null {
  let size: number;
  try {
    size = JSON.stringify(config ?? null)?.length ?? 0;
  } catch {
    return `the settings of ${name} cannot be read as JSON`;
  }
  if (size <= MAX_NODE_CONFIG_CHARS) return null;
  return `the settings of ${name} are ${Math.ceil(size / 1024)} KB; a step's settings can be at most ${MAX_NODE_CONFIG_CHARS / 1000} KB`;
}

/** A node that passed far enough to take part in the edge and graph checks. */
export interface CheckedNode {
  id: string;
  type: string;
  /** Undefined when the type is unknown (already reported). */
  spec: ValidatableNodeType | undefined;
  /** The config as an object (`{}` when absent or not an object). */
  config: Record<string, unknown>;
}

/** What the node checks found, and the nodes the edge checks build on. */
export interface NodeCheck {
  problems: GraphProblem[];
  /** First node for each string id, in document order. */
  nodes: Map<string, CheckedNode>;
}

/** Checks every entry of `nodes`: id, type, version, config and retry. */
export function checkNodes(entries: readonly unknown[], catalog: ValidationCatalog): NodeCheck {
  const problems: GraphProblem[] = [];
  const nodes = new Map<string, CheckedNode>();
  entries.forEach((entry, i) => {
    if (!isRecord(entry)) {
      problems.push({ nodeId: null, field: `nodes[${i}]`, message: `the node at position ${i + 1} is not a node object` });
      return;
    }
    const hasId = typeof entry.id === 'string' && entry.id !== '';
    const nodeId = hasId ? (entry.id as string) : null;
    const name = hasId ? nodeId! : `node ${i + 1}`;
    const label = hasId ? `the node ${nodeId}` : `the node at position ${i + 1}`;
    // With an id the field is relative to the node; without one it is a path in the graph.
    const field = (path: string) => (nodeId === null ? `nodes[${i}].${path}` : path);
    const report = (path: string, message: string) => problems.push({ nodeId, field: field(path), message });

    if (!hasId) report('id', `${label} has no id`);
    else if (nodeId!.length > NODE_ID_MAX_LENGTH) report('id', `the node id "${nodeId}" is longer than ${NODE_ID_MAX_LENGTH} characters`);
    else if (!NODE_ID_PATTERN.test(nodeId!)) {
      report('id', `the node id "${nodeId}" must be snake_case: lowercase letters, digits and _, starting with a letter`);
    }
    if (nodeId !== null && nodes.has(nodeId)) report('id', `two nodes are called "${nodeId}"; each node needs its own id`);

    const type = typeof entry.type === 'string' ? entry.type : '';
    const spec = type === '' ? undefined : catalog.get(type);
    if (type === '') report('type', `${label} has no node type`);
    else if (!spec) report('type', `${label} has the type "${type}", which does not exist`);

    const version = entry.typeVersion ?? 1;
    const knownVersion = spec !== undefined && typeof version === 'number' && spec.typeVersions.includes(version);
    if (spec && !knownVersion) {
      report('typeVersion', `${label} uses version ${JSON.stringify(version)} of ${type}, which does not exist (known versions: ${spec.typeVersions.join(', ')})`);
    }
    // The config is checked against the version the node was built with.
    const versioned = knownVersion ? (catalog.get(type, version as number) ?? spec) : spec;

    let config: Record<string, unknown> = {};
    const tooLarge = configSizeProblem(name, entry.config);
    if (tooLarge) report('config', tooLarge);
    else if (isRecord(entry.config)) config = entry.config;
    else if (entry.config !== undefined) report('config', `the settings of ${name} must be an object`);
    // Too large settings are not checked further: that is work that grows with their size.
    if (spec && !tooLarge && (entry.config === undefined || isRecord(entry.config))) {
      try {
        for (const problem of versioned!.validateConfig(config)) {
          report(problem.field ? `config.${problem.field}` : 'config', problem.message);
        }
      } catch (error) {
        report('config', `the settings of ${name} could not be checked: ${errorMessage(error)}`);
      }
    }

    for (const problem of retryProblems(entry.retry, name)) report(problem.field, problem.message);
    const total = spec?.kind === 'action' ? totalRetryProblem([config.retry, entry.retry], versioned?.retry ?? spec.retry, name) : null;
    if (total) report(total.field, total.message);

    if (nodeId !== null && !nodes.has(nodeId)) nodes.set(nodeId, { id: nodeId, type, spec, config });
  });
  return { problems, nodes };
}

function retryProblems(retry: unknown, name: string): Array<{ field: string; message: string }> {
  if (retry === undefined) return [];
  if (!isRecord(retry)) return [{ field: 'retry', message: `the retry setting of ${name} must be an object with attempts and backoffMs` }];
  const problems: Array<{ field: string; message: string }> = [];
  const { attempts, backoffMs } = retry;
  if (attempts !== undefined && !validAttempts(attempts)) {
    problems.push({ field: 'retry.attempts', message: `the retry attempts of ${name} must be a whole number from 1 to ${RETRY_LIMITS.maxAttempts}` });
  }
  if (backoffMs !== undefined && !validBackoff(backoffMs)) {
    problems.push({ field: 'retry.backoffMs', message: `the retry backoff of ${name} must be a number of milliseconds from 0 to ${RETRY_LIMITS.maxBackoffMs} (24 hours)` });
  }
  return problems;
}

function validAttempts(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= RETRY_LIMITS.maxAttempts;
}

function validBackoff(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= RETRY_LIMITS.maxBackoffMs;
}

/**
 * The retries of a node, its overrides (`config.retry` over `retry`, field by field, as the
 * engine reads them) over its type's default, must not wait more than 7 days in all.
 */
function totalRetryProblem(overrides: unknown[], fallback: RetryPolicy | undefined, name: string): { field: string; message: string } | null {
  const layers = overrides.map((override) => (isRecord(override) ? override : {}));
  const attempts = layers.map((layer) => layer.attempts).find(validAttempts) ?? fallback?.attempts;
  const backoffMs = layers.map((layer) => layer.backoffMs).find(validBackoff) ?? fallback?.backoffMs;
  if (attempts === undefined || backoffMs === undefined) return null;
  const total = retryTotalMs({ attempts, backoffMs });
  if (total <= RETRY_LIMITS.maxTotalMs) return null;
  // Named after the override that set the backoff, else the one that set the attempts.
  const setter = layers.findIndex((layer) => validBackoff(layer.backoffMs));
  const index = setter >= 0 ? setter : layers.findIndex((layer) => validAttempts(layer.attempts));
  const field = `${index === 0 ? 'config.retry' : 'retry'}.${setter >= 0 ? 'backoffMs' : 'attempts'}`;
  const hours = Math.round(total / 3_600_000);
  return {
    field,
    message: `the retries of ${name} would wait ${hours} hours in all (a backoff of ${backoffMs} ms, doubled over ${attempts - 1} retries); at most 7 days: lower backoffMs or attempts`,
  };
}
