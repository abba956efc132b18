import type { RetryPolicy } from '../graph/types';

/**
 * What graph validation needs to know about node types. `shared` imports nothing of ours,
 * so the node catalog (`@switchboard/nodes`) implements this view and passes it in.
 */
export interface ValidatableNodeType {
  type: string;
  kind: 'trigger' | 'action';
  /** The versions of this type the catalog can run (an unknown `typeVersion` is a problem). */
  typeVersions: readonly number[];
  /** The handles edges may leave from for this config (actions always have `error` too). */
  outputs(config: Record<string, unknown>): string[];
  /** Problems of a config, each with the field path inside the config (`to`, `branches[0].key`). */
  validateConfig(config: Record<string, unknown>): Array<{ field: string; message: string }>;
  /** The retry policy an action has when its node overrides nothing (for the total retry time check). */
  retry?: RetryPolicy;
}

/** Looks up node types by name; undefined for an unknown type. */
export interface ValidationCatalog {
  /** The latest version of a type, or the given version (undefined when that version does not exist). */
  get(type: string, typeVersion?: number): ValidatableNodeType | undefined;
}
