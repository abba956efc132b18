import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { migrate } from '../database/data-source';
import { adminQuery, databaseUrl, findServices } from '../infra/find-services';
import { MessageFunnelRepository, type FunnelFilter } from '../modules/analytics/message-funnel.repository';

/**
 * The delivery funnel's query (`GET /api/analytics/messages`) on a large messages table:
 * BENCH_FUNNEL_RUNS runs (default 100 000) of 20 flows over 90 days, three outbound messages each
 * on 4 senders (a fifth of them campaign runs), a reply to a third of them, and as many
 * messages again in another workspace. Prints each request's median time over 5 calls and the
 * plan of one of them (`BENCH_FUNNEL_PLAN=<its index>`).
 */
const RUNS = Number(process.env.BENCH_FUNNEL_RUNS ?? 100_000);
const DAY_MS = 24 * 60 * 60 * 1000;

async function main(): Promise<void> {
  const services = await findServices((message) => console.log(message));
  // BENCH_FUNNEL_DB: a database an earlier run kept (BENCH_FUNNEL_KEEP=1), to compare plans without seeding again.
  const kept = process.env.BENCH_FUNNEL_DB;
  const database = kept ?? `switchboard_bench_funnel_${randomBytes(4).toString('hex')}`;
  if (!kept) await adminQuery(services.adminUrl, `CREATE DATABASE ${database}`);
  const dbUrl = databaseUrl(services.adminUrl, database);
  const pool = new Pool({ connectionString: dbUrl, max: 2 });
  try {
    await migrate(dbUrl);
    const started = Date.now();
    if (!kept) {
      await seed(pool, 'A', RUNS);
      await seed(pool, 'B', RUNS);
    }
    await pool.query('ANALYZE');
    const a = (await pool.query(`SELECT w.id AS workspace, (SELECT id FROM flows WHERE workspace_id = w.id ORDER BY name LIMIT 1) AS flow FROM workspaces w WHERE name = 'A'`)).rows[0] as { workspace: string; flow: string };
    const { rows } = await pool.query(`SELECT count(*)::int AS n, count(*) FILTER (WHERE direction = 'inbound')::int AS inbound FROM messages`);
    console.log(`\nfunnel benchmark: ${rows[0].n} messages (${rows[0].inbound} inbound) in 2 workspaces, seeded in ${((Date.now() - started) / 1000).toFixed(0)} s`);

    const repository = new MessageFunnelRepository(pool);
    const now = new Date();
    const period = (days: number) => ({ from: new Date(now.getTime() - days * DAY_MS), to: now });
    const cases: Array<[string, FunnelFilter]> = [
      ['groupBy=flow, 7 days', { groupBy: 'flow', ...period(7), includeTests: false }],
      ['groupBy=template, 30 days, interval=day', { groupBy: 'template', ...period(30), includeTests: false, interval: 'day' }],
      ['groupBy=campaign, 90 days, interval=day', { groupBy: 'campaign', ...period(90), includeTests: false, interval: 'day' }],
      ['groupBy=sender, 90 days, one flow', { groupBy: 'sender', ...period(90), includeTests: false, flowId: a.flow }],
    ];
    for (const [name, filter] of cases) {
      const times: number[] = [];
      let messages = 0;
      for (let i = 0; i < 5; i++) {
        const start = process.hrtime.bigint();
        messages = (await repository.funnel(a.workspace, filter)).totals.messages;
        times.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
      times.sort((x, y) => x - y);
      console.log(`  ${name.padEnd(42)} ${String(messages).padStart(7)} messages   median ${times[2]!.toFixed(1)} ms (min ${times[0]!.toFixed(1)}, max ${times[4]!.toFixed(1)})`);
    }
    if (process.env.BENCH_FUNNEL_PLAN) {
      // The repository's own SQL, explained: a pool that answers the plan instead of the rows.
      const plan: string[] = [];
      const client = await pool.connect();
      const explaining = {
        connect: async () => ({
          query: async (text: string, values?: unknown[]) => {
            if (!text.startsWith('WITH')) return client.query(text);
            const { rows: lines } = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, values);
            plan.push(...lines.map((line: Record<string, string>) => line['QUERY PLAN']!));
            return { rows: [{ groups: [], totals: {}, failures: [], series: null }] };
          },
          release: () => client.release(),
        }),
      } as unknown as Pool;
      await new MessageFunnelRepository(explaining).funnel(a.workspace, cases[Number(process.env.BENCH_FUNNEL_PLAN) || 0]![1]);
      console.log(plan.join('\n'));
    }
  } finally {
    await pool.end();
    if (process.env.BENCH_FUNNEL_KEEP) console.log(`kept ${database}`);
    else await adminQuery(services.adminUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await services.stop();
  }
}

/** One workspace's flows, senders, events, runs and messages, all in SQL (the engine's own paths are measured elsewhere). */
async function seed(pool: Pool, name: string, runs: number): Promise<void> {
  const workspace = (await pool.query(`INSERT INTO workspaces (id, name) VALUES (gen_random_uuid(), $1) RETURNING id`, [name])).rows[0].id as string;
  await pool.query(
    `INSERT INTO connections (id, workspace_id, name, provider) SELECT gen_random_uuid(), $1, 'Sender ' || n, 'whatsapp.meta' FROM generate_series(1, 4) n`,
    [workspace],
  );
  await pool.query(
    `INSERT INTO flows (id, workspace_id, name, graph) SELECT gen_random_uuid(), $1, 'Flow ' || n, '{}' FROM generate_series(1, 20) n`,
    [workspace],
  );
  // Runs and their events: one a minute or so over 90 days; every fifth a campaign's, every 50th a test.
  await pool.query(
    `WITH f AS (SELECT array_agg(id ORDER BY name) AS ids FROM flows WHERE workspace_id = $1)
     , seq AS (SELECT n, now() - (random() * interval '90 days') AS at, gen_random_uuid() AS event, gen_random_uuid() AS run FROM generate_series(1, $2::int) n)
     , ev AS (
       INSERT INTO events (id, workspace_id, type, external_id, occurred_at, data, received_at)
       SELECT event, $1, CASE WHEN n % 5 = 0 THEN 'whatsapp.campaign' ELSE 'manual' END, 'e' || n, at,
              CASE WHEN n % 5 = 0 THEN jsonb_build_object('campaign', jsonb_build_object('id', 'cmp-' || (n % 40), 'name', 'Campaign ' || (n % 40))) ELSE '{}'::jsonb END, at
         FROM seq)
     INSERT INTO runs (id, workspace_id, flow_id, flow_version_id, event_id, status, is_test, remaining, created_at)
     SELECT run, $1, f.ids[1 + n % 20], gen_random_uuid(), event, 'succeeded', n % 50 = 0, 0, at FROM seq, f`,
    [workspace, runs],
  );
  // Three messages per run, to a customer of 20 000, on one of 4 senders; a status by weight.
  await pool.query(
    `WITH c AS (SELECT array_agg(id ORDER BY name) AS ids FROM connections WHERE workspace_id = $1)
     INSERT INTO messages (id, workspace_id, connection_id, direction, customer_phone, kind, template, status, error, run_id, node_id, created_at, updated_at)
     SELECT gen_random_uuid(), $1, c.ids[1 + (hashtext(r.id::text) & 3)], 'outbound', '+1415' || lpad((abs(hashtext(r.id::text || k)) % 20000)::text, 7, '0'),
            'template', 'template_' || (k + abs(hashtext(r.id::text)) % 6),
            (ARRAY['sent', 'delivered', 'delivered', 'read', 'read', 'read', 'failed', 'pending'])[1 + abs(hashtext(r.id::text || k || 's')) % 8],
            NULL, r.id, 'send_' || k, r.created_at + k * interval '1 minute', r.created_at
       FROM runs r, c, generate_series(1, 3) k WHERE r.workspace_id = $1`,
    [workspace],
  );
  await pool.query(
    `UPDATE messages SET error = jsonb_build_object('code', (ARRAY['RECIPIENT_UNAVAILABLE', 'RATE_LIMITED', 'TEMPLATE_NOT_FOUND'])[1 + abs(hashtext(id::text)) % 3], 'message', 'x', 'retryable', false)
      WHERE workspace_id = $1 AND status = 'failed'`,
    [workspace],
  );
  // A third of the sent messages get a reply, within 72 hours or after.
  await pool.query(
    `INSERT INTO messages (id, workspace_id, connection_id, direction, customer_phone, kind, body, status, created_at, updated_at)
     SELECT gen_random_uuid(), workspace_id, connection_id, 'inbound', customer_phone, 'text', 'Yes', 'received', created_at + random() * interval '100 hours', now()
       FROM messages WHERE workspace_id = $1 AND direction = 'outbound' AND status IN ('delivered', 'read') AND abs(hashtext(id::text)) % 3 = 0`,
    [workspace],
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
