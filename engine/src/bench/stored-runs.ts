import type { Client } from 'pg';

/** How long `waitForRuns` waits at most: longer means an engine died or events started no runs. */
const WAIT_LIMIT_MS = 300_000;

/**
 * Waits until no run is unfinished and at least `total` have finished; answers the last finish
 * time. Polls the small partial index of unfinished runs, so watching costs Postgres little while
 * it is measured.
 */
export async function waitForRuns(sql: Client, total: number): Promise<number> {
  const giveUpAt = Date.now() + WAIT_LIMIT_MS;
  for (;;) {
    const { rows } = await sql.query(`SELECT EXISTS (SELECT 1 FROM runs WHERE finished_at IS NULL) AS busy`);
    if (!rows[0].busy) {
      const done = await sql.query(`SELECT count(*)::int AS n, max(finished_at) AS last FROM runs WHERE status IN ('succeeded', 'failed')`);
      if (done.rows[0].n >= total) return new Date(done.rows[0].last).getTime();
      if (Date.now() > giveUpAt) throw new Error(`only ${done.rows[0].n} of ${total} runs finished`);
    } else if (Date.now() > giveUpAt) throw new Error(`runs still unfinished after ${WAIT_LIMIT_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export interface Latencies {
  p50: number;
  p99: number;
  max: number;
}

/** From each event's posting (`sent`, by external id) to its run's message being stored, in ms. */
export async function latencies(sql: Client, sent: Map<string, number>): Promise<Latencies> {
  const { rows } = await sql.query(
    `SELECT e.external_id, m.created_at FROM messages m JOIN runs r ON r.id = m.run_id JOIN events e ON e.id = r.event_id WHERE e.external_id = ANY($1::text[])`,
    [[...sent.keys()]],
  );
  const values = rows.map((row) => new Date(row.created_at).getTime() - sent.get(row.external_id)!).sort((a, b) => a - b);
  const at = (q: number) => values[Math.min(values.length - 1, Math.floor(q * values.length))] ?? NaN;
  return { p50: at(0.5), p99: at(0.99), max: values.at(-1) ?? NaN };
}

/** Median time of each stretch of the bench flow's runs whose event ids match `pattern`, from what the engine stored. */
export async function phaseBreakdown(sql: Client, pattern: string): Promise<string> {
  const { rows } = await sql.query(
    `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM b.started_at - r.created_at) * 1000) AS to_first_step,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM b.finished_at - b.started_at) * 1000) AS branch,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM c.started_at - b.finished_at) * 1000) AS to_second_step,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM c.finished_at - c.started_at) * 1000) AS send,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM r.finished_at - c.finished_at) * 1000) AS store
       FROM runs r JOIN events e ON e.id = r.event_id
       JOIN steps b ON b.run_id = r.id AND b.node_id = 'booked'
       JOIN steps c ON c.run_id = r.id AND c.node_id = 'confirm'
      WHERE e.external_id LIKE $1`,
    [pattern],
  );
  const row = rows[0];
  const f = (value: number) => `${Number(value).toFixed(1)}`;
  return `medians (ms): run created → branch starts ${f(row.to_first_step)}, branch ${f(row.branch)}, → send starts ${f(row.to_second_step)}, send ${f(row.send)}, → run stored ${f(row.store)}`;
}

/** What a stage's database holds at its end: steps stored and runs that did not succeed. */
export async function storedTotals(sql: Client): Promise<{ steps: number; notSucceeded: number }> {
  const failed = await sql.query(`SELECT count(*)::int AS n FROM runs WHERE status <> 'succeeded'`);
  const steps = await sql.query(`SELECT count(*)::int AS n FROM steps`);
  return { steps: steps.rows[0].n, notSucceeded: failed.rows[0].n };
}
