import type { NodeCatalog } from '@switchboard/nodes';
import type { FlowRegistry } from './flow-registry';
import type { CallerNotifier, Clock, ExecutionLogger, ExecutionStore, ExecutionTracer, JobQueue, PortFactory, RunServices, StepObserver } from './ports';
import type { RunCache } from './run-cache';
import type { ContextSettings } from './run-context';

export interface ExecutorSettings extends ContextSettings {
  defaultPhoneCountry?: string;
  /** How long a side-effect step's lease lasts before it is renewed (the queue's lock duration). */
  stepLeaseMs?: number;
}

/**
 * Everything the step executor and its systems are handed. Each system takes the part it
 * uses (`Pick<ExecutorDeps, …>`), so its constructor says what it touches.
 */
export interface ExecutorDeps {
  store: ExecutionStore;
  queue: JobQueue;
  flows: FlowRegistry;
  catalog: NodeCatalog;
  ports: PortFactory;
  logger: ExecutionLogger;
  clock: Clock;
  settings: ExecutorSettings;
  /** The runs this process is moving, as it last stored them (see `RunCache`). */
  cache: RunCache;
  /** `{{dyn_*}}` extraction and the alert for a failed run; without it, neither happens. */
  services?: RunServices;
  /** Tells a caller still waiting on a run (an in-call function) that it finished. */
  callers?: CallerNotifier;
  /** Hears of a side effect done and not yet stored (the runtime's fault injection). */
  observer?: StepObserver;
  /**
   * Whether an error a node's port threw means the engine's own Postgres or Redis cannot do the
   * work now: such an error is not the step's failure and spends none of its attempts; it leaves
   * the execution, and the queue puts the job back for later.
   */
  unavailable?: (error: unknown) => boolean;
  /** A span per step execution (OpenTelemetry, when configured); none without it. */
  tracer?: ExecutionTracer;
}
