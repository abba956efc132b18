import { callCompletedEvent } from './bench-api';
import type { Stage } from './bench-stage';
import { type Latencies, latencies, phaseBreakdown } from './stored-runs';

export interface SweepStep {
  rate: number;
  /** Events sent per second, as the schedule was kept (below `rate` when the bench itself lagged). */
  achievedRate: number;
  events: number;
  /** Answers other than 202, and requests that got no answer at all. */
  refused: number;
  latency: Latencies;
  phases: string;
}

/**
 * Latency under an open-loop load, at each rate in turn: event i is sent at start + i/rate
 * whether or not earlier ones were answered, as independent callers would. Between rates the
 * runs drain, so a backlog at one rate does not count against the next. Each step's memory
 * peak is recorded as the phase `sweep <rate>/s`.
 */
export async function rateSweep(stage: Stage, rates: number[], seconds: number): Promise<SweepStep[]> {
  const steps: SweepStep[] = [];
  for (const rate of rates) {
    stage.memory.phase(`sweep ${rate}/s`);
    const label = `sweep${rate}`;
    const sent = new Map<string, number>();
    const { refused, achievedRate } = await sendOnSchedule(stage, label, rate, seconds, sent);
    await stage.waitForRuns(sent.size - refused);
    steps.push({ rate, achievedRate, events: sent.size, refused, latency: await latencies(stage.sql, sent), phases: await phaseBreakdown(stage.sql, `${label}-%`) });
  }
  return steps;
}

/** Sends `rate × seconds` events on their schedule without awaiting answers; answers how many were refused and the rate kept. */
export async function sendOnSchedule(stage: Stage, label: string, rate: number, seconds: number, sent: Map<string, number>): Promise<{ refused: number; achievedRate: number }> {
  const total = Math.round(rate * seconds);
  let refused = 0;
  const answers: Promise<void>[] = [];
  const start = Date.now();
  for (let i = 0; i < total; ) {
    // Every event already due goes now: a late timer sends the overdue ones together instead of sliding the schedule.
    for (; i < total && start + (i * 1000) / rate <= Date.now(); i++) {
      const id = `${label}-${i}`;
      sent.set(id, Date.now());
      answers.push(
        stage.api('POST', '/api/events', callCompletedEvent(id)).then(
          (answer) => void (answer.status !== 202 && refused++),
          () => void refused++,
        ),
      );
    }
    if (i < total) await new Promise((resolve) => setTimeout(resolve, Math.max(0, start + (i * 1000) / rate - Date.now())));
  }
  const lastSentAt = Date.now();
  await Promise.all(answers);
  return { refused, achievedRate: (total - 1) / (Math.max(1, lastSentAt - start) / 1000) };
}
