import type { GraphProblem } from '../graph/types';
import { errorMessage, isRecord } from '../util/is-record';
import type { ValidatableNodeType, ValidationCatalog } from './types';

/** Node ids are snake_case, since they become template paths (`{{steps.<id>.…}}`). @example NODE_ID_PATTERN.test('send_confirmation') // true */
export const NODE_ID_PATTERN = /^[a-z][a-z0-9_]*$/;
/** The longest node id validation accepts. */
export const NODE_ID_MAX_LENGTH = 64;

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
    if (isRecord(entry.config)) config = entry.config;
    else if (entry.config !== undefined) report('config', `the settings of ${name} must be an object`);
    if (spec && (entry.config === undefined || isRecord(entry.config))) {
      try {
        for (const problem of versioned!.validateConfig(config)) {
          report(problem.field ? `config.${problem.field}` : 'config', problem.message);
        }
      } catch (error) {
        report('config', `the settings of ${name} could not be checked: ${errorMessage(error)}`);
      }
    }

    for (const message of retryProblems(entry.retry, name)) report('retry', message);

    if (nodeId !== null && !nodes.has(nodeId)) nodes.set(nodeId, { id: nodeId, type, spec, config });
  });
  return { problems, nodes };
}

function retryProblems(retry: unknown, name: string): string[] {
  if (retry === undefined) return [];
  if (!isRecord(retry)) return [`the retry setting of ${name} must be an object with attempts and backoffMs`];
  const problems: string[] = [];
  const { attempts, backoffMs } = retry;
  if (attempts !== undefined && !(Number.isInteger(attempts) && (attempts as number) >= 1 && (attempts as number) <= 10)) {
    problems.push(`the retry attempts of ${name} must be a whole number from 1 to 10`);
  }
  if (backoffMs !== undefined && !(typeof backoffMs === 'number' && Number.isFinite(backoffMs) && backoffMs >= 0)) {
    problems.push(`the retry backoff of ${name} must be a number of milliseconds, 0 or more`);
  }
  return problems;
}
