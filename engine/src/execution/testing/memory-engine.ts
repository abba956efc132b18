import { randomUUID } from 'node:crypto';
import type { FlowGraph } from '@switchboard/shared';
import type { NodePorts } from '@switchboard/nodes';
import { CompiledFlow } from '../compiled-flow';
import { EventIngestor } from '../event-ingestor';
import type { ExecutorDeps } from '../executor-deps';
import { FlowRegistry } from '../flow-registry';
import type { Clock, ExecutionLogger, PortFactory } from '../ports';
import { RunCache } from '../run-cache';
import { StepExecutor } from '../step-executor';
import { Sweeper } from '../sweeper';
import { MemoryJobQueue } from './memory-queue';
import { MemoryExecutionStore } from './memory-store';
import { testCatalog, type Invocation } from './test-nodes';

/** A clock the test moves. */
export class ManualClock implements Clock {
  constructor(private time = Date.parse('2026-03-02T09:00:00.000Z')) {}

  now(): Date {
    return new Date(this.time);
  }

  advance(ms: number): void {
    this.time += ms;
  }
}

export interface LogEntry {
  level: 'info' | 'warn' | 'error' | 'debug';
  fields: Record<string, unknown>;
  message: string;
}

/** Keeps what the core logs, for tests that look (and to keep their output quiet). */
export class MemoryLogger implements ExecutionLogger {
  readonly entries: LogEntry[] = [];
  info = (fields: Record<string, unknown>, message: string) => void this.entries.push({ level: 'info', fields, message });
  warn = (fields: Record<string, unknown>, message: string) => void this.entries.push({ level: 'warn', fields, message });
  error = (fields: Record<string, unknown>, message: string) => void this.entries.push({ level: 'error', fields, message });
  debug = (fields: Record<string, unknown>, message: string) => void this.entries.push({ level: 'debug', fields, message });
}

/** The test nodes use no port: asking for one is a mistake in the test. */
const noPorts: PortFactory = {
  forStep: () =>
    new Proxy({} as NodePorts, {
      get: (_target, name) => {
        throw new Error(`the core's unit tests give nodes no ports (asked for ${String(name)})`);
      },
    }),
};

/**
 * The execution core on an in-memory store and queue: the real `EventIngestor`,
 * `FlowRegistry` and `StepExecutor`, with a manual clock. Jobs run when the test says
 * (`drain`, `runNext`, `elapse`), so it can stop between any two.
 */
export class MemoryEngine {
  readonly clock = new ManualClock();
  readonly store = new MemoryExecutionStore(this.clock);
  readonly queue = new MemoryJobQueue();
  readonly logger = new MemoryLogger();
  readonly cache = new RunCache();
  readonly calls: Invocation[] = [];
  readonly catalog = testCatalog(this.calls);
  readonly flows = new FlowRegistry(this.store, this.catalog);
  readonly executor: StepExecutor;
  /** The sweep, reconciling runs that did not move for a minute. */
  readonly sweeper: Sweeper;
  readonly workspace = { id: randomUUID(), name: 'Test clinic' };
  readonly ingestor: EventIngestor;

  constructor(deps: Partial<Pick<ExecutorDeps, 'services' | 'callers' | 'observer' | 'ports' | 'unavailable'>> = {}) {
    this.store.addWorkspace(this.workspace.id, this.workspace.name);
    this.executor = new StepExecutor({
      store: this.store,
      queue: this.queue,
      flows: this.flows,
      catalog: this.catalog,
      ports: deps.ports ?? noPorts,
      logger: this.logger,
      clock: this.clock,
      settings: { publicUrl: 'https://switchboard.test' },
      cache: this.cache,
      services: deps.services,
      callers: deps.callers,
      observer: deps.observer,
      unavailable: deps.unavailable,
    });
    this.sweeper = new Sweeper({
      store: this.store,
      queue: this.queue,
      flows: this.flows,
      logger: this.logger,
      clock: this.clock,
      settings: { horizonMs: 60_000, staleRunMs: 60_000, retentionMs: 7 * 24 * 60 * 60 * 1000 },
      cache: this.cache,
    });
    this.ingestor = new EventIngestor(this.store, this.queue, this.flows, this.logger, { publicUrl: 'https://switchboard.test' }, this.cache, deps.services);
  }

  /** Stores `graph` as a flow version and starts one run of it with `data`; returns the run's id. */
  async start(graph: FlowGraph, data: Record<string, unknown> = {}): Promise<string> {
    const version = { id: randomUUID(), flowId: randomUUID(), workspaceId: this.workspace.id, name: 'Unit flow', graph, isTest: false };
    this.store.addVersion(version);
    const flow = new CompiledFlow(version, this.catalog);
    const { runs } = await this.ingestor.runOnce(this.workspace, flow, { type: flow.trigger.type, data }, { isTest: false });
    return runs[0]!.runId;
  }

  /** Runs the oldest queued step job (or resumption); false when none is queued. */
  async runNext(): Promise<boolean> {
    const resume = this.queue.resumes.shift();
    if (resume) {
      await this.executor.resumeWaitpoint(resume);
      return true;
    }
    const job = this.queue.steps.shift();
    if (!job) return false;
    await this.executor.runStep(job);
    return true;
  }

  /** Runs queued jobs until none is left (alarms wait for their time: see `elapse`). */
  async drain(): Promise<void> {
    for (let jobs = 0; await this.runNext(); jobs++) {
      if (jobs > 1000) throw new Error('the queue did not drain in 1000 jobs');
    }
  }

  /** Moves the clock on by `ms`, fires the alarms then due and drains the queue. */
  async elapse(ms: number): Promise<void> {
    this.clock.advance(ms);
    for (let due = this.queue.takeDueAlarms(this.clock.now()); due.length > 0; due = this.queue.takeDueAlarms(this.clock.now())) {
      for (const waitpointId of due) await this.executor.fireAlarm(waitpointId);
      await this.drain();
    }
    await this.drain();
  }

  run(runId: string) {
    return this.store.runs.get(runId)!;
  }

  step(runId: string, nodeId: string, scope = '') {
    return this.store.step(runId, nodeId, scope);
  }
}

/** A flow graph from nodes and edges written briefly: `['a', 'b']` or `['a', 'b', 'error']` (source, target, handle). */
export function graph(nodes: Array<{ id: string; type: string; config?: Record<string, unknown>; retry?: { attempts?: number; backoffMs?: number } }>, edges: Array<[string, string, string?]>): FlowGraph {
  return {
    nodes: nodes.map((node) => ({ config: {}, ...node })),
    edges: edges.map(([source, target, handle], index) => ({ id: `e${index}`, source, target, ...(handle ? { sourceHandle: handle } : {}) })),
  };
}
