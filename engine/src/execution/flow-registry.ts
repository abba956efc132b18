import type { NodeCatalog } from '@switchboard/nodes';
import { CompiledFlow } from './compiled-flow';
import type { ExecutionStore } from './ports';

/**
 * Compiled flow versions by id (immutable, so cached without expiry up to a bound) and the
 * published flows of a workspace by trigger type (cached until a publish, an unpublish or a
 * delete invalidates the workspace; other processes hear of it over Redis, and the entry
 * expires after `publishedTtlMs` in case a notice was missed).
 */
export class FlowRegistry {
  private readonly compiled = new Map<string, Promise<CompiledFlow | null>>();
  private readonly published = new Map<string, { loadedAt: number; flows: Promise<CompiledFlow[]> }>();

  constructor(
    private readonly store: ExecutionStore,
    private readonly catalog: NodeCatalog,
    private readonly options: { maxVersions?: number; publishedTtlMs?: number } = {},
  ) {}

  get(versionId: string): Promise<CompiledFlow | null> {
    const cached = this.compiled.get(versionId);
    if (cached) return cached;
    const loading = this.store.loadVersion(versionId).then((version) => (version ? new CompiledFlow(version, this.catalog) : null));
    loading.catch(() => this.compiled.delete(versionId));
    this.remember(versionId, loading);
    return loading;
  }

  /** The flows whose published trigger listens to `triggerType` in a workspace. */
  publishedFor(workspaceId: string, triggerType: string): Promise<CompiledFlow[]> {
    const key = `${workspaceId}\u0000${triggerType}`;
    const entry = this.published.get(key);
    if (entry && Date.now() - entry.loadedAt < (this.options.publishedTtlMs ?? 60_000)) return entry.flows;
    const flows = this.store.publishedVersions(workspaceId, triggerType).then((versions) =>
      versions.map((version) => {
        const compiled = new CompiledFlow(version, this.catalog);
        this.remember(version.id, Promise.resolve(compiled));
        return compiled;
      }),
    );
    flows.catch(() => this.published.delete(key));
    this.published.set(key, { loadedAt: Date.now(), flows });
    return flows;
  }

  /** Forgets the published flows of a workspace (after a publish, unpublish or delete). */
  invalidateWorkspace(workspaceId: string): void {
    for (const key of this.published.keys()) if (key.startsWith(`${workspaceId}\u0000`)) this.published.delete(key);
  }

  private remember(versionId: string, flow: Promise<CompiledFlow | null>): void {
    this.compiled.delete(versionId);
    this.compiled.set(versionId, flow);
    const max = this.options.maxVersions ?? 2000;
    // Maps iterate in insertion order: the first key is the least recently inserted.
    while (this.compiled.size > max) this.compiled.delete(this.compiled.keys().next().value as string);
  }
}
