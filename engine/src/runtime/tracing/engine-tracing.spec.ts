import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/config';
import { createTracing, TRACING_OFF, tracingSettings } from './engine-tracing';

const settings = (env: Record<string, string>) => tracingSettings(loadConfig(env));

describe('tracing settings (the standard OTEL_* variables)', () => {
  it('is off with no OTEL variable: no SDK is loaded, the tracer does nothing', async () => {
    expect(settings({})).toBeNull();
    const tracing = await createTracing(loadConfig({}), { warn: () => undefined, info: () => undefined });
    expect(tracing).toBe(TRACING_OFF);
    expect(tracing.enabled).toBe(false);
    // The no-op still runs the work it wraps, and gives runs no trace context to store.
    const runTrace = await tracing.ingestion({ workspaceId: 'w', type: 'call.completed', source: 'api' }, { traceparent: `00-${'a'.repeat(32)}-${'b'.repeat(16)}-01` }, async (span) => span.runTrace());
    expect(runTrace).toBeUndefined();
    expect(await tracing.step({ workspaceId: 'w', flowId: 'f', runId: 'r', nodeId: 'n', nodeType: 'flow.set', scope: '', attempt: 1 }, null, async (span) => span.context)).toBeUndefined();
  });

  it('is on with an OTLP endpoint, sending to its /v1/traces', () => {
    expect(settings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' })).toMatchObject({ url: 'http://collector:4318/v1/traces', serviceName: 'switchboard', role: 'all' });
    expect(settings({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/custom', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://other:4318', ROLE: 'worker', OTEL_SERVICE_NAME: 'flows' })).toMatchObject({
      url: 'http://collector:4318/custom',
      serviceName: 'flows',
      role: 'worker',
    });
  });

  it('is on with OTEL_TRACES_EXPORTER=otlp, to the default local collector', () => {
    expect(settings({ OTEL_TRACES_EXPORTER: 'otlp' })?.url).toBe('http://localhost:4318/v1/traces');
    expect(settings({ OTEL_TRACES_EXPORTER: 'console, OTLP' })?.url).toBe('http://localhost:4318/v1/traces');
  });

  it('is off with OTEL_TRACES_EXPORTER=none, an exporter list without otlp, or OTEL_SDK_DISABLED=true', () => {
    expect(settings({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBeNull();
    expect(settings({ OTEL_TRACES_EXPORTER: 'zipkin', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBeNull();
    expect(settings({ OTEL_SDK_DISABLED: 'TRUE', OTEL_TRACES_EXPORTER: 'otlp' })).toBeNull();
    expect(settings({ OTEL_SDK_DISABLED: 'false', OTEL_TRACES_EXPORTER: 'otlp' })).not.toBeNull();
  });
});
