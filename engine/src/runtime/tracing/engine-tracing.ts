import { randomBytes } from 'node:crypto';
import type { EngineConfig } from '../../config/config';
import type { ExecutionLogger, ExecutionTracer } from '../../execution/ports';
import { NO_TRACING } from '../../execution/tracing';
import type { RunTrace } from '../../execution/types';

/** A run that ended, with what its span needs: the ids and start stored with it. */
export interface EndedRun {
  runId: string;
  workspaceId: string;
  flowId: string;
  status: string;
  errorCode?: string | null;
  /** When the run was created: its span's start. */
  createdAt: string | Date;
  trace: RunTrace;
}

/**
 * The engine's tracing: the execution core's spans (`ExecutionTracer`), the run span emitted
 * by whoever stores a run's end (the step write that finished it, a cancel), and a flush on shutdown.
 */
export interface EngineTracing extends ExecutionTracer {
  readonly enabled: boolean;
  runEnded(run: EndedRun): void;
  /** Exports what is buffered and stops; called once the worker drained. */
  shutdown(): Promise<void>;
}

/** Tracing off: no SDK is loaded, every call does nothing. */
export const TRACING_OFF: EngineTracing = {
  ...NO_TRACING,
  enabled: false,
  runEnded: () => undefined,
  shutdown: async () => undefined,
};

/** Where spans go, when tracing is on. */
export interface TracingSettings {
  /** The OTLP/HTTP traces URL (`…/v1/traces`). */
  url: string;
  serviceName: string;
  role: EngineConfig['role'];
  /** The batch span processor's delay between exports. */
  scheduleDelayMs?: number;
}

/**
 * Whether to trace, by the standard OpenTelemetry variables: on when `OTEL_TRACES_EXPORTER`
 * names `otlp`, or when it is unset and an OTLP endpoint is; off with `OTEL_SDK_DISABLED=true`
 * or `OTEL_TRACES_EXPORTER=none` (or any exporter list without `otlp`: OTLP is the one this
 * engine has). The URL: `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` as it is, else
 * `OTEL_EXPORTER_OTLP_ENDPOINT` + `/v1/traces`, else the collector's default on localhost.
 */
export function tracingSettings(config: EngineConfig): TracingSettings | null {
  if (config.OTEL_SDK_DISABLED) return null;
  const exporters = config.OTEL_TRACES_EXPORTER;
  const endpoint = config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? config.OTEL_EXPORTER_OTLP_ENDPOINT;
  const on = exporters ? exporters.includes('otlp') && !exporters.includes('none') : endpoint !== undefined;
  if (!on) return null;
  const url =
    config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ??
    (config.OTEL_EXPORTER_OTLP_ENDPOINT ? `${config.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces` : 'http://localhost:4318/v1/traces');
  return { url, serviceName: config.OTEL_SERVICE_NAME, role: config.role, scheduleDelayMs: config.OTEL_BSP_SCHEDULE_DELAY };
}

/**
 * The engine's tracing for this configuration. Off (the default), nothing of the OpenTelemetry
 * SDK is loaded and every span is a no-op; on, the SDK is loaded here, once.
 */
export async function createTracing(config: EngineConfig, logger: Pick<ExecutionLogger, 'warn' | 'info'>): Promise<EngineTracing> {
  const settings = tracingSettings(config);
  if (!settings) return TRACING_OFF;
  const { OtelTracing } = await import('./otel-tracing.js');
  logger.info({ url: settings.url, serviceName: settings.serviceName }, 'tracing: spans go to the OTLP collector');
  return new OtelTracing(settings, logger);
}

/**
 * The trace context of a failed run that is retried: a run span of its own (a fresh span id,
 * starting now, under the same event span), so the run's second end does not emit a second
 * span with the first one's id. The steps run after the retry are its children.
 */
export function retriedRunTrace(trace: RunTrace, now: Date): RunTrace {
  const [version, traceId, , flags] = trace.traceparent.split('-');
  return { ...trace, traceparent: [version, traceId, randomBytes(8).toString('hex'), flags].join('-'), startedAt: now.toISOString() };
}
