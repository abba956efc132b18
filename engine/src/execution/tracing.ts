import type { ExecutionTracer, IngestionSpan, StepSpan } from './ports';

const NO_INGESTION_SPAN: IngestionSpan = { runTrace: () => undefined, ingested: () => undefined };
const NO_STEP_SPAN: StepSpan = { context: undefined, outcome: () => undefined };

/** The tracer when tracing is off (and in unit tests): runs the work, records nothing. */
export const NO_TRACING: ExecutionTracer = {
  ingestion: (_event, _caller, work) => work(NO_INGESTION_SPAN),
  step: (_step, _run, work) => work(NO_STEP_SPAN),
};
