import { SYSTEM_VARIABLES } from '@switchboard/shared';
import type { CompiledFlow } from './compiled-flow';

/**
 * From how many flows listening to one trigger type an event is matched through the index.
 * Below it every flow is asked (and Activity explains each that did not start); above it,
 * flows whose compared text the event does not carry are not asked, nor listed.
 */
export const INDEXED_FROM_FLOWS = 20;

/**
 * The published flows of one trigger type, indexed by an equality their trigger requires: a
 * leaf `{ "==": [{ "var": "trigger.<path>" }, "<text>"] }` (or `===`) of `requiredConditions`,
 * alone or directly under its top-level `and`. An event whose value at that path is a text other
 * than the flow's cannot match it (json-logic's `==` between two texts is `===`), so the flow is
 * not asked. Flows with no such equality, and events whose value there is not a text (missing, a
 * number), are matched as usual.
 */
export class TriggerIndex {
  /** Per trigger definition (the data an event gives a trigger depends on it), per indexed path: flows by the text they require there. */
  private readonly groups = new Map<CompiledFlow['triggerDefinition'], Map<string, PathIndex>>();
  private readonly unindexed = new Set<CompiledFlow>();

  constructor(private readonly flows: readonly CompiledFlow[]) {
    for (const flow of flows) {
      const equality = requiredEquality(flow);
      if (!equality) {
        this.unindexed.add(flow);
        continue;
      }
      let paths = this.groups.get(flow.triggerDefinition);
      if (!paths) this.groups.set(flow.triggerDefinition, (paths = new Map()));
      let entry = paths.get(equality.path);
      if (!entry) paths.set(equality.path, (entry = { segments: equality.path.split('.').slice(1), byText: new Map(), all: [] }));
      entry.all.push(flow);
      const same = entry.byText.get(equality.text);
      if (same) same.push(flow);
      else entry.byText.set(equality.text, [flow]);
    }
  }

  /**
   * The flows an event may start, in publishing order (all of them below `INDEXED_FROM_FLOWS`).
   * @param triggerOf the event's data as a flow's trigger sees it (`triggerData`)
   */
  candidates(triggerOf: (flow: CompiledFlow) => Record<string, unknown>): readonly CompiledFlow[] {
    if (this.flows.length < INDEXED_FROM_FLOWS || this.groups.size === 0) return this.flows;
    const kept = new Set<CompiledFlow>(this.unindexed);
    for (const paths of this.groups.values()) {
      for (const { segments, byText, all } of paths.values()) {
        const value = ownPath(triggerOf(all[0]!), segments);
        for (const flow of typeof value === 'string' ? (byText.get(value) ?? []) : all) kept.add(flow);
      }
    }
    return this.flows.filter((flow) => kept.has(flow));
  }
}

interface PathIndex {
  /** The path below `trigger`. */
  segments: string[];
  byText: Map<string, CompiledFlow[]>;
  all: CompiledFlow[];
}

/** Paths an equality may not be indexed on: what the trigger answers without holding it (`trigger.customer_name`), or a guarded name. */
const UNINDEXED_FIELDS = new Set<string>([...SYSTEM_VARIABLES.map(({ name }) => name), '__proto__', 'constructor', 'prototype']);

function requiredEquality(flow: CompiledFlow): { path: string; text: string } | undefined {
  const conditions = flow.triggerDefinition.requiredConditions?.(flow.triggerConfig as never);
  const leaves = isRecord(conditions) && Object.keys(conditions).length === 1 && Array.isArray(conditions.and) ? conditions.and : [conditions];
  for (const leaf of leaves) {
    const equality = textEquality(leaf);
    if (equality) return equality;
  }
  return undefined;
}

/** `{ "==": [{ "var": "trigger.a.b" }, "text"] }` in either order, or `===`. */
function textEquality(leaf: unknown): { path: string; text: string } | undefined {
  if (!isRecord(leaf) || Object.keys(leaf).length !== 1) return undefined;
  const operands = leaf['=='] ?? leaf['==='];
  if (!Array.isArray(operands) || operands.length !== 2) return undefined;
  const [left, right] = operands;
  const path = varPath(left) ?? varPath(right);
  const text = typeof right === 'string' ? right : typeof left === 'string' ? left : undefined;
  if (!path || text === undefined) return undefined;
  const segments = path.split('.');
  if (segments[0] !== 'trigger' || segments.length < 2 || segments.some((segment) => segment === '' || UNINDEXED_FIELDS.has(segment))) return undefined;
  return { path, text };
}

function varPath(operand: unknown): string | undefined {
  if (!isRecord(operand) || Object.keys(operand).length !== 1) return undefined;
  const name = Array.isArray(operand.var) && operand.var.length === 1 ? operand.var[0] : operand.var;
  return typeof name === 'string' ? name : undefined;
}

/** The value at a path through own properties only, as conditions read it. */
function ownPath(root: unknown, segments: readonly string[]): unknown {
  let current = root;
  for (const segment of segments) {
    if (current === null || typeof current !== 'object' || !Object.prototype.hasOwnProperty.call(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
