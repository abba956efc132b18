import { ROOT_CONTEXT, SpanKind, SpanStatusCode, TraceFlags, trace, type Attributes, type Context, type Span, type SpanContext, type Tracer } from '@opentelemetry/api';
import { parseTraceParent, TraceState } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { BasicTracerProvider, BatchSpanProcessor, RandomIdGenerator, type IdGenerator, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { ATTR_ERROR_TYPE, ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import type { ExecutionLogger, IngestionSpan, StepSpan } from '../../execution/ports';
import type { RunTrace, TraceContext } from '../../execution/types';
import type { EndedRun, EngineTracing, TracingSettings } from './engine-tracing';

const NO_STEP_SPAN: StepSpan = { context: undefined, outcome: () => undefined };

/**
 * Span ids drawn at random, except the one span the caller names: a run's span is emitted when
 * the run ends, with the id its steps were already given as their parent when it started.
 * `Tracer.startSpan` draws the id synchronously, so naming it for one call is safe.
 */
class RunSpanIds implements IdGenerator {
  private readonly random = new RandomIdGenerator();
  private preset: string | undefined;

  generateTraceId(): string {
    return this.random.generateTraceId();
  }

  generateSpanId(): string {
    const id = this.preset;
    this.preset = undefined;
    return id ?? this.random.generateSpanId();
  }

  /** A fresh span id, for a run's span to come. */
  next(): string {
    return this.random.generateSpanId();
  }

  /** Starts a span whose id is `spanId`. */
  startWith<T>(spanId: string, start: () => T): T {
    this.preset = spanId;
    try {
      return start();
    } finally {
      this.preset = undefined;
    }
  }
}

/**
 * Tracing with the OpenTelemetry SDK: spans go through a batch span processor to an OTLP/HTTP
 * (JSON) exporter. The provider is this engine's own, not the global one, so the engine sets no
 * process-wide state; contexts are passed explicitly, no context manager is needed.
 *
 * The spans: `event <type>` (a child of the caller's `traceparent` when valid), `run` (a child
 * of the event's span; emitted at the run's end with the run's creation as its start and the
 * span id stored with the run at its start) and `step <node type>` (a child of the run's span,
 * in the worker that executes the step).
 */
export class OtelTracing implements EngineTracing {
  readonly enabled = true;
  private readonly ids = new RunSpanIds();
  private readonly provider: BasicTracerProvider;
  private readonly tracer: Tracer;

  constructor(
    settings: TracingSettings,
    private readonly logger: Pick<ExecutionLogger, 'warn' | 'info'>,
  ) {
    this.provider = new BasicTracerProvider({
      resource: defaultResource().merge(resourceFromAttributes({ [ATTR_SERVICE_NAME]: settings.serviceName, 'switchboard.role': settings.role })),
      idGenerator: this.ids,
      spanProcessors: [
        new BatchSpanProcessor(new LoggedExporter(new OTLPTraceExporter({ url: settings.url }), settings.url, logger), settings.scheduleDelayMs !== undefined ? { scheduledDelayMillis: settings.scheduleDelayMs } : {}),
      ],
    });
    this.tracer = this.provider.getTracer('switchboard');
  }

  async ingestion<T>(event: { workspaceId: string; type: string; source: string }, caller: TraceContext | undefined, work: (span: IngestionSpan) => Promise<T>): Promise<T> {
    // An invalid or absent traceparent is ignored: the event starts a trace of its own.
    const parent = (caller && remoteContext(caller.traceparent, caller.tracestate)) ?? ROOT_CONTEXT;
    const span = this.tracer.startSpan(
      `event ${event.type}`,
      { kind: SpanKind.SERVER, attributes: { 'switchboard.workspace.id': event.workspaceId, 'switchboard.event.type': event.type, 'switchboard.event.source': event.source } },
      parent,
    );
    const context = span.spanContext();
    const handle: IngestionSpan = {
      runTrace: (): RunTrace | undefined => {
        if (!span.isRecording()) return undefined;
        const tracestate = context.traceState?.serialize();
        return { traceparent: traceparentOf(context.traceId, this.ids.next(), context.traceFlags), ...(tracestate ? { tracestate } : {}), parentSpanId: context.spanId };
      },
      ingested: (result) => span.setAttributes({ 'switchboard.event.id': result.eventId, 'switchboard.event.duplicate': result.duplicate, 'switchboard.event.runs': result.runs }),
    };
    return within(span, () => work(handle));
  }

  async step<T>(
    step: { workspaceId: string; flowId: string; runId: string; nodeId: string; nodeType: string; scope: string; attempt: number },
    run: RunTrace | null,
    work: (span: StepSpan) => Promise<T>,
  ): Promise<T> {
    // A run started while tracing was off has no span to hang its steps under.
    const parent = run && remoteContext(run.traceparent, run.tracestate);
    if (!parent) return work(NO_STEP_SPAN);
    const attributes: Attributes = {
      'switchboard.workspace.id': step.workspaceId,
      'switchboard.flow.id': step.flowId,
      'switchboard.run.id': step.runId,
      'switchboard.node.id': step.nodeId,
      'switchboard.node.type': step.nodeType,
      'switchboard.step.attempt': step.attempt,
      ...(step.scope ? { 'switchboard.step.scope': step.scope } : {}),
    };
    const span = this.tracer.startSpan(`step ${step.nodeType}`, { attributes }, parent);
    const context = span.spanContext();
    const tracestate = context.traceState?.serialize();
    const handle: StepSpan = {
      context: span.isRecording() ? { traceparent: traceparentOf(context.traceId, context.spanId, context.traceFlags), ...(tracestate ? { tracestate } : {}) } : undefined,
      outcome: (status, errorCode) => {
        span.setAttribute('switchboard.step.status', status);
        if (errorCode) span.setAttributes({ 'switchboard.error.code': errorCode, [ATTR_ERROR_TYPE]: errorCode });
        if (status === 'failed') span.setStatus({ code: SpanStatusCode.ERROR, message: errorCode });
      },
    };
    return within(span, () => work(handle));
  }

  runEnded(run: EndedRun): void {
    // Called after the run's end is stored, by the code that stored it: tracing must not fail it.
    try {
      this.emitRun(run);
    } catch (error) {
      this.logger.warn({ runId: run.runId, err: error }, 'could not emit the span of a run');
    }
  }

  private emitRun(run: EndedRun): void {
    const own = parseTraceParent(run.trace.traceparent);
    if (!own || !run.trace.parentSpanId) return;
    const parent = trace.setSpanContext(ROOT_CONTEXT, {
      traceId: own.traceId,
      spanId: run.trace.parentSpanId,
      traceFlags: own.traceFlags,
      isRemote: true,
      ...(run.trace.tracestate ? { traceState: new TraceState(run.trace.tracestate) } : {}),
    });
    const attributes: Attributes = {
      'switchboard.workspace.id': run.workspaceId,
      'switchboard.flow.id': run.flowId,
      'switchboard.run.id': run.runId,
      'switchboard.run.status': run.status,
      ...(run.errorCode ? { 'switchboard.error.code': run.errorCode, [ATTR_ERROR_TYPE]: run.errorCode } : {}),
    };
    const span = this.ids.startWith(own.spanId, () => this.tracer.startSpan('run', { attributes, startTime: new Date(run.trace.startedAt ?? run.createdAt) }, parent));
    if (run.status === 'failed') span.setStatus({ code: SpanStatusCode.ERROR, message: run.errorCode ?? undefined });
    span.end();
  }

  async shutdown(): Promise<void> {
    await this.provider.shutdown();
  }
}

/**
 * The exporter, saying when the collector stops taking spans (once, until it takes them again):
 * the SDK itself reports export failures only to its diagnostic logger, which is off.
 */
class LoggedExporter implements SpanExporter {
  private failing = false;

  constructor(
    private readonly inner: SpanExporter,
    private readonly url: string,
    private readonly logger: Pick<ExecutionLogger, 'warn' | 'info'>,
  ) {}

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    this.inner.export(spans, (result) => {
      if (result.code !== ExportResultCode.SUCCESS && !this.failing) {
        this.failing = true;
        this.logger.warn({ url: this.url, spans: spans.length, err: result.error }, 'the trace collector did not take the spans; they are dropped until it does');
      } else if (result.code === ExportResultCode.SUCCESS && this.failing) {
        this.failing = false;
        this.logger.info({ url: this.url }, 'the trace collector takes spans again');
      }
      done(result);
    });
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}

/** The context of a remote parent from W3C headers; undefined when the traceparent is not valid. */
function remoteContext(traceparent: string, tracestate: string | undefined): Context | undefined {
  const parsed: SpanContext | null = parseTraceParent(traceparent);
  if (!parsed || !trace.isSpanContextValid(parsed)) return undefined;
  let traceState: TraceState | undefined;
  if (tracestate) {
    try {
      traceState = new TraceState(tracestate);
    } catch {
      traceState = undefined;
    }
  }
  return trace.setSpanContext(ROOT_CONTEXT, { ...parsed, isRemote: true, ...(traceState ? { traceState } : {}) });
}

function traceparentOf(traceId: string, spanId: string, flags: number): string {
  return `00-${traceId}-${spanId}-${(flags & TraceFlags.SAMPLED ? 1 : 0).toString(16).padStart(2, '0')}`;
}

/** Runs the work in the span and ends it; a throw is recorded on the span. */
async function within<T>(span: Span, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    span.recordException(error as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error)?.message });
    throw error;
  } finally {
    span.end();
  }
}
