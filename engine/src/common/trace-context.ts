import type { IncomingHttpHeaders } from 'node:http';
import type { TraceContext } from '../execution/types';

/**
 * The caller's W3C trace context (`traceparent`, `tracestate`) of a request that starts runs
 * (an event, a function call, a webhook), for the event's span to continue the caller's trace.
 * Only its shape is looked at here; the tracer ignores one that is not valid.
 */
export function callerTrace(headers: IncomingHttpHeaders | Record<string, string | string[] | undefined>): TraceContext | undefined {
  const traceparent = headers.traceparent;
  if (typeof traceparent !== 'string' || traceparent.length > 512) return undefined;
  const tracestate = headers.tracestate;
  // Several tracestate headers are one list (W3C Trace Context, 3.3.1).
  const state = Array.isArray(tracestate) ? tracestate.join(',') : tracestate;
  return { traceparent, ...(state ? { tracestate: state } : {}) };
}
