import { DYNAMIC_VARIABLE_PREFIX, SYSTEM_VARIABLES, findDynamicVariables, indexGraph, listVariables, type FlowGraph, type FlowNode } from '@switchboard/shared';
import type { NodeDescription } from '../../api/types';
import type { Describe } from '../../store/graph-operations';

/** One thing a node can use: `{{path}}` in a template, or `path` in a condition. */
export interface VariableOption {
  /** The context path: `trigger.customer.name`, `customer_name`, `steps.set_values.slot`, `dyn_budget`. */
  path: string;
  /** What the picker shows (the path below the group's name). */
  label: string;
  /** A sample value or a sentence about it. */
  detail?: string;
}

export type VariableGroupKind = 'trigger' | 'system' | 'step' | 'dynamic' | 'run';

export interface VariableGroup {
  /** Unique among the groups: `trigger`, `system`, `steps.<node id>`, `dynamic`, `run`. */
  id: string;
  kind: VariableGroupKind;
  label: string;
  options: VariableOption[];
}

/**
 * Fields a trigger adds to `trigger` at run time (its `enrich`), which the catalog does not
 * describe yet: without them the picker would not offer `trigger.connected` (CONTRACT
 * "Expressions and conditions"). Remove once `GET /api/nodes` describes them.
 */
const TRIGGER_ADDITIONS: Record<string, Record<string, unknown>> = {
  'call.completed': { connected: true },
};

const RUN_OPTIONS: VariableOption[] = [
  { path: 'run.id', label: 'run.id', detail: 'The id of this run' },
  { path: 'run.startedAt', label: 'run.startedAt', detail: 'When this run started (ISO date and time)' },
  { path: 'flow.id', label: 'flow.id', detail: 'The id of this flow' },
  { path: 'flow.name', label: 'flow.name', detail: 'The name of this flow' },
];

const MAX_EXAMPLE = 48;

/**
 * Everything the node `nodeId` can use, grouped: the trigger's event fields, the system
 * variables, the outputs of the steps that run before it (its ancestors only), the AI-extracted
 * `dyn_*` variables the flow uses, and the run's own fields.
 *
 * @example variablesFor(graph, 'send_confirmation', describe)[0].options[0].path // 'trigger.call.id'
 */
export function variablesFor(graph: FlowGraph, nodeId: string, describe: Describe): VariableGroup[] {
  const descriptionOf = (node: FlowNode) => describe(node.type, node.typeVersion);
  const index = indexGraph(graph, (type) => describe(type)?.kind === 'trigger');
  const groups: VariableGroup[] = [];

  const trigger = index.trigger;
  if (trigger) {
    const description = descriptionOf(trigger);
    const options = triggerOptions(trigger, description);
    // Variables the flow already uses but the sample lacks (a post-call variable of your agent).
    const known = new Set(options.map((option) => option.path));
    for (const path of usedPaths(graph)) {
      if (path.startsWith('trigger.') && !known.has(path) && !options.some((option) => path.startsWith(`${option.path}.`))) {
        options.push({ path, label: path, detail: 'Used in this flow' });
        known.add(path);
      }
    }
    if (options.length > 0) groups.push({ id: 'trigger', kind: 'trigger', label: `Trigger · ${description?.title ?? trigger.type}`, options });
  }

  groups.push({
    id: 'system',
    kind: 'system',
    label: 'System variables',
    options: SYSTEM_VARIABLES.map(({ name, description }) => ({ path: name, label: name, detail: description })),
  });

  if (index.nodes.has(nodeId)) {
    const ancestors = index.ancestors(nodeId);
    for (const id of index.topologicalOrder()) {
      if (!ancestors.has(id) || id === trigger?.id) continue;
      const node = index.nodes.get(id)!;
      const description = descriptionOf(node);
      const options = stepOptions(node, description);
      if (options.length === 0) continue;
      groups.push({ id: `steps.${id}`, kind: 'step', label: `Step · ${node.name || description?.title || node.type} (${id})`, options });
    }
  }

  const dynamic = findDynamicVariables(graph.nodes.map((node) => node.config));
  if (dynamic.length > 0) {
    groups.push({
      id: 'dynamic',
      kind: 'dynamic',
      label: 'Extracted by AI from the transcript',
      options: dynamic.map((name) => ({ path: `${DYNAMIC_VARIABLE_PREFIX}${name}`, label: `${DYNAMIC_VARIABLE_PREFIX}${name}`, detail: 'The AI reads it from the conversation' })),
    });
  }

  groups.push({ id: 'run', kind: 'run', label: 'Run and flow', options: RUN_OPTIONS });
  return groups;
}

function triggerOptions(trigger: FlowNode, description: NodeDescription | undefined): VariableOption[] {
  // A trigger whose config carries its own sample (the manual trigger's samplePayload) runs with it.
  const own = trigger.config?.samplePayload;
  const sample = isPlainObject(own) ? own : (description?.sampleEvent ?? {});
  const additions = TRIGGER_ADDITIONS[trigger.type] ?? {};
  return flattenSample({ ...sample, ...additions }, 'trigger');
}

function stepOptions(node: FlowNode, description: NodeDescription | undefined): VariableOption[] {
  const prefix = `steps.${node.id}`;
  const options = description?.sampleOutput ? flattenSample(description.sampleOutput, prefix) : [];
  const dynamic = description?.dynamicOutputFields;
  if (dynamic) {
    const source = node.config?.[dynamic.from];
    const names = Array.isArray(source)
      ? source.map((item) => (isPlainObject(item) && dynamic.key ? item[dynamic.key] : undefined))
      : isPlainObject(source)
        ? Object.keys(source)
        : [];
    for (const name of names) {
      if (typeof name !== 'string' || name === '' || options.some((option) => option.path === `${prefix}.${name}`)) continue;
      const value = isPlainObject(source) ? source[name] : undefined;
      options.push({ path: `${prefix}.${name}`, label: `${prefix}.${name}`, ...(typeof value === 'string' && value !== '' ? { detail: example(value) } : {}) });
    }
  }
  return options;
}

/**
 * The leaves of a sample as paths under `prefix`, with their sample values. Lists are offered as
 * a whole (templates iterate them; an index would only fit the sample).
 *
 * @example flattenSample({ customer: { name: 'Alex' } }, 'trigger') // [{ path: 'trigger.customer.name', label: 'trigger.customer.name', detail: 'Alex' }]
 */
export function flattenSample(sample: Record<string, unknown>, prefix: string): VariableOption[] {
  const options: VariableOption[] = [];
  const walk = (value: unknown, path: string) => {
    if (isPlainObject(value) && Object.keys(value).length > 0) {
      for (const [key, child] of Object.entries(value)) walk(child, `${path}.${key}`);
      return;
    }
    options.push({ path, label: path, ...(value === undefined ? {} : { detail: example(value) }) });
  };
  for (const [key, value] of Object.entries(sample)) walk(value, `${prefix}.${key}`);
  return options;
}

/** Every variable path the flow's configs use in templates and conditions. */
function usedPaths(graph: FlowGraph): string[] {
  const found = new Set<string>();
  const walk = (value: unknown) => {
    if (typeof value === 'string') {
      for (const name of listVariables(value)) found.add(name);
    } else if (Array.isArray(value)) value.forEach(walk);
    else if (isPlainObject(value)) {
      const keys = Object.keys(value);
      if (keys.length === 1 && keys[0] === 'var') {
        const path = Array.isArray(value.var) ? value.var[0] : value.var;
        if (typeof path === 'string' && path !== '') found.add(path);
        return;
      }
      Object.values(value).forEach(walk);
    }
  };
  for (const node of graph.nodes) walk(node.config);
  return [...found];
}

function example(value: unknown): string {
  const text = Array.isArray(value) ? `a list of ${value.length}` : typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > MAX_EXAMPLE ? `${text.slice(0, MAX_EXAMPLE - 1)}…` : text;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Whether `option` matches a search text (path, label or detail, any case). */
export function matchesSearch(option: VariableOption, query: string): boolean {
  const needle = query.trim().toLowerCase().replace(/^\{\{\s*|\s*\}\}$/g, '');
  if (needle === '') return true;
  return [option.path, option.label, option.detail ?? ''].some((text) => text.toLowerCase().includes(needle));
}
