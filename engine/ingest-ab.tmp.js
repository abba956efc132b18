const { Pool } = require('pg');
const { randomUUID } = require('crypto');
const fs = require('fs');
const { DataSource } = require('typeorm');
const { dataSourceOptions } = require('./dist/database/data-source');
const { migrations } = require('@switchboard/migrations');
let { INGEST_SQL } = require('./dist/persistence/execution-sql');
if (process.env.VARIANT === 'nokeys') INGEST_SQL = INGEST_SQL.replace(/new_keys AS \([\s\S]*?RETURNING event_id\n\), /, '').replace('FROM input WHERE id IN (SELECT event_id FROM new_keys)', 'FROM input');
if (process.env.VARIANT) console.log(INGEST_SQL.slice(0, 600));
const { uuidV7 } = require('./dist/execution/uuid-v7');
const OLD_SQL = fs.readFileSync('/tmp/parts-old-ingest.sql', 'utf8');
const VARIANT = process.env.VARIANT;
const admin = 'postgres://postgres@127.0.0.1:5432/postgres';
async function db(name, upto) {
  const a = new Pool({ connectionString: admin, max: 1 });
  await a.query(`DROP DATABASE IF EXISTS ${name}`); await a.query(`CREATE DATABASE ${name}`); await a.end();
  const url = `postgres://postgres@127.0.0.1:5432/${name}`;
  const d = new DataSource({ ...dataSourceOptions(url, 2, { connectMs: 5000, statementMs: 0 }), migrations: migrations.slice(0, upto) });
  await d.initialize(); await d.runMigrations({ transaction: 'each' }); await d.destroy();
  const pool = new Pool({ connectionString: url, max: 4 });
  await pool.query(`INSERT INTO workspaces (id, name) VALUES ('11111111-1111-4111-8111-111111111111', 'w')`);
  return pool;
}
function batch(id, n, k) {
  const now = Date.now(); const events = [], runs = [], steps = [];
  for (let i = 0; i < n; i++) {
    const eid = id(now), rid = id(now);
    events.push({ id: eid, workspace_id: '11111111-1111-4111-8111-111111111111', type: 'call.completed', source: 'api', external_id: `e${k}-${i}`, occurred_at: new Date().toISOString(), data: { customer: { phone: '+14155550100', name: 'A' }, call: { id: 'c' + i } }, outcomes: [], repeats: 0 });
    runs.push({ id: rid, workspace_id: '11111111-1111-4111-8111-111111111111', flow_id: eid, flow_version_id: eid, event_id: eid, created_at: new Date().toISOString(), status: 'queued', is_test: false, remaining: 2, trace_context: null });
    steps.push({ run_id: rid, node_id: 'trigger', node_type: 'call.completed', output: { a: 1 } });
  }
  return [JSON.stringify(events), JSON.stringify(runs), JSON.stringify(steps)];
}
(async () => {
  const idx = migrations.findIndex((m) => m.name === 'HistoryPartitions1765200000000');
  const old = await db('parts_ab_old', idx), neu = await db('parts_ab_new', migrations.length);
  if (process.env.NOFK) { await neu.query('ALTER TABLE steps DROP CONSTRAINT fk_steps_run'); await neu.query('ALTER TABLE runs DROP CONSTRAINT fk_runs_event'); }
  const t = { old: 0, new: 0 }; let k = 0; const N = 200, ROUNDS = Number(process.env.ROUNDS ?? 100);
  for (let r = 0; r < ROUNDS; r++) {
    for (const [name, pool, sql, id] of r % 2 ? [['old', old, OLD_SQL, () => randomUUID()], ['new', neu, INGEST_SQL, uuidV7]] : [['new', neu, INGEST_SQL, uuidV7], ['old', old, OLD_SQL, () => randomUUID()]]) {
      const values = batch(id, N, k++);
      const s = process.hrtime.bigint();
      await pool.query({ name: 'ingest', text: sql, values });
      if (r >= 5) t[name] += Number(process.hrtime.bigint() - s) / 1e3;
    }
  }
  const per = (x) => (x / ((ROUNDS - 5) * N)).toFixed(1);
  console.log(`ingest statement, µs per event (batches of ${N}, ${ROUNDS - 5} rounds each, alternating): before ${per(t.old)}  after ${per(t.new)}`);
  await old.end(); await neu.end();
  const a = new Pool({ connectionString: admin, max: 1 });
  await a.query(`DROP DATABASE parts_ab_old`); await a.query(`DROP DATABASE parts_ab_new`); await a.end();
})();
