/**
 * The executor's hot statements. Each takes its batch as one JSON parameter
 * (`json_to_recordset`), so a round trip carries any number of rows with a fixed SQL text.
 */

/**
 * Stores events (with what they did to each candidate flow), their runs and the runs' trigger
 * steps (without output: see `triggerData`). An event's key (workspace, source, id) goes to
 * `event_keys` first: a key already there is a delivery of a known event, and neither it nor its
 * runs are inserted (see `DUPLICATE_EVENTS_SQL`). Repeats within the batch count on the stored
 * event (`repeats`): Activity says "delivered again N times". A new delivery's row id is fresh,
 * so only an inserted event returns its own id.
 */
export const INGEST_SQL = `
WITH input AS (
  SELECT * FROM json_to_recordset($1::json) AS x(id uuid, workspace_id uuid, type text, source text, external_id text, occurred_at timestamptz, data jsonb, outcomes jsonb, repeats integer)
), new_keys AS (
  INSERT INTO event_keys (workspace_id, source, external_id, event_id)
  SELECT workspace_id, source, external_id, id FROM input
  ON CONFLICT (workspace_id, source, external_id) DO NOTHING
  RETURNING event_id
), new_events AS (
  INSERT INTO events (id, workspace_id, type, source, external_id, occurred_at, data, outcomes, duplicates, last_duplicate_at)
  SELECT id, workspace_id, type, source, external_id, occurred_at, data, COALESCE(outcomes, '[]'), repeats, CASE WHEN repeats > 0 THEN now() END
    FROM input WHERE id IN (SELECT event_id FROM new_keys)
  RETURNING id
), new_runs AS (
  INSERT INTO runs (id, workspace_id, flow_id, flow_version_id, event_id, status, is_test, remaining, created_at, started_at, finished_at, trace_context)
  SELECT x.id, x.workspace_id, x.flow_id, x.flow_version_id, x.event_id, x.status, x.is_test, x.remaining, x.created_at,
         CASE WHEN x.status = 'succeeded' THEN now() END, CASE WHEN x.status = 'succeeded' THEN now() END, x.trace_context
    FROM json_to_recordset($2::json) AS x(id uuid, workspace_id uuid, flow_id uuid, flow_version_id uuid, event_id uuid, created_at timestamptz, status text, is_test boolean, remaining integer, trace_context jsonb)
   WHERE x.event_id IN (SELECT id FROM new_events)
  RETURNING id
), trigger_steps AS (
  -- No output: a trigger's output is its event's data as the trigger sees it, derived where it is read (triggerData), not stored twice.
  INSERT INTO steps (run_id, node_id, scope, node_type, status, handle, attempt, started_at, finished_at)
  SELECT x.run_id, x.node_id, '', x.node_type, 'succeeded', 'default', 1, now(), now()
    FROM json_to_recordset($3::json) AS x(run_id uuid, node_id text, node_type text)
   WHERE x.run_id IN (SELECT id FROM new_runs)
)
SELECT id FROM new_events`;

/**
 * Deliveries of known events: each counts on the stored event ($1: workspace, source, id and how
 * many deliveries), and the runs of its first delivery answer. A statement of its own, after
 * `INGEST_SQL`: it sees the event of a first delivery that a concurrent batch committed while
 * this one waited on its key.
 */
export const DUPLICATE_EVENTS_SQL = `
WITH delivered AS (
  SELECT k.event_id, d.workspace_id, d.source, d.external_id, d.count
    FROM json_to_recordset($1::json) AS d(workspace_id uuid, source text, external_id text, count integer)
    JOIN event_keys k ON k.workspace_id = d.workspace_id AND k.source = d.source AND k.external_id = d.external_id
), counted AS (
  UPDATE events e SET duplicates = e.duplicates + d.count, last_duplicate_at = now()
    FROM delivered d WHERE e.id = d.event_id
)
SELECT d.workspace_id, d.source, d.external_id, r.id AS run_id, r.flow_id
  FROM delivered d LEFT JOIN runs r ON r.event_id = d.event_id
 ORDER BY r.created_at, r.id`;

/**
 * Runs with their events and stored steps (outputs included: they feed the templates), one
 * row per requested (run, scope): a scope's steps come with the top-level ones, a null scope
 * loads every step (a loop's 10,000 iterations stay out of a step that needs one of them).
 */
export const LOAD_RUNS_SQL = `
SELECT q.i AS request, r.id, r.workspace_id, w.name AS workspace_name, r.flow_id, r.flow_version_id, r.status, r.is_test, r.created_at, r.dynamic_variables, r.trace_context,
       e.type AS event_type, e.external_id, e.occurred_at, e.data AS event_data,
       (SELECT json_agg(json_build_object('n', s.node_id, 'c', s.scope, 's', s.status, 'h', s.handle, 'o', s.output, 'a', s.attempt))
          FROM steps s WHERE s.run_id = r.id AND (q.scope IS NULL OR s.scope = '' OR s.scope = q.scope)) AS steps
  FROM unnest($1::uuid[], $2::text[]) WITH ORDINALITY AS q(id, scope, i)
  JOIN runs r ON r.id = q.id
  JOIN events e ON e.id = r.event_id
  JOIN workspaces w ON w.id = r.workspace_id`;

/**
 * Writes steps, their waitpoints and their runs' progress in one statement:
 * - a step already terminal is left alone (a replayed job changes nothing) and reported as not written;
 * - a waitpoint is stored only with its step, and only if the step has no open one;
 * - the step lease its execution held ends (whether or not the step was written: it is over);
 * - each run's count of unresolved nodes drops by its top-level steps that became terminal; at zero the run
 *   succeeded; a step that failed with no error edge fails the run. A run already finished keeps
 *   its status.
 */
export const WRITE_STEPS_SQL = `
WITH input AS (
  SELECT * FROM json_to_recordset($1::json) AS x(
    run_id uuid, node_id text, scope text, node_type text, status text, handle text,
    input jsonb, output jsonb, error jsonb, warnings jsonb, attempt integer,
    started_at timestamptz, finished_at timestamptz, fail_run boolean,
    wp_id uuid, wp_kind text, wp_wake_at timestamptz, wp_correlation text, wp_attempt integer, wp_payload jsonb, lease_owner text)
), leases_ended AS (
  DELETE FROM step_leases l USING input i
   WHERE i.lease_owner IS NOT NULL AND l.run_id = i.run_id AND l.node_id = i.node_id AND l.scope = i.scope AND l.owner = i.lease_owner
), written AS (
  INSERT INTO steps AS s (run_id, node_id, scope, node_type, status, handle, input, output, error, warnings, attempt, started_at, finished_at, updated_at)
  SELECT run_id, node_id, scope, node_type, status, handle, input, output, error, warnings, attempt, started_at, finished_at, now()
    FROM input
  ON CONFLICT (run_id, node_id, scope) DO UPDATE SET
    node_type = EXCLUDED.node_type, status = EXCLUDED.status, handle = EXCLUDED.handle,
    input = COALESCE(EXCLUDED.input, s.input), output = EXCLUDED.output, error = EXCLUDED.error,
    warnings = EXCLUDED.warnings, attempt = EXCLUDED.attempt,
    started_at = COALESCE(s.started_at, EXCLUDED.started_at), finished_at = EXCLUDED.finished_at, updated_at = now()
  WHERE s.status NOT IN ('succeeded', 'failed', 'skipped')
  RETURNING s.run_id, s.node_id, s.scope, s.status
), new_waitpoints AS (
  INSERT INTO waitpoints (id, run_id, node_id, scope, kind, status, attempt, wake_at, correlation, payload)
  SELECT i.wp_id, i.run_id, i.node_id, i.scope, i.wp_kind, 'waiting', i.wp_attempt, i.wp_wake_at, i.wp_correlation, i.wp_payload
    FROM input i JOIN written w ON w.run_id = i.run_id AND w.node_id = i.node_id AND w.scope = i.scope
   WHERE i.wp_id IS NOT NULL
  ON CONFLICT (run_id, node_id, scope) WHERE status = 'waiting' DO NOTHING
  RETURNING id
), progress AS (
  SELECT i.run_id,
         -- Steps inside loop iterations (scope <> '') do not count: the loop's own step stands for them.
         count(*) FILTER (WHERE w.status IN ('succeeded', 'failed', 'skipped') AND w.scope = '')::integer AS resolved,
         bool_or(i.fail_run) AS fail,
         bool_or(w.status = 'waiting') AS waiting,
         (array_agg(i.error) FILTER (WHERE i.fail_run))[1] AS error
    FROM written w JOIN input i ON i.run_id = w.run_id AND i.node_id = w.node_id AND i.scope = w.scope
   GROUP BY i.run_id
), runs_updated AS (
  UPDATE runs r SET
    remaining = r.remaining - p.resolved,
    status = CASE
      WHEN r.status IN ('succeeded', 'failed', 'cancelled') THEN r.status
      WHEN p.fail THEN 'failed'
      WHEN r.remaining - p.resolved <= 0 THEN 'succeeded'
      WHEN p.waiting THEN 'waiting'
      ELSE 'running' END,
    error = CASE WHEN p.fail AND r.status NOT IN ('succeeded', 'failed', 'cancelled') THEN p.error ELSE r.error END,
    started_at = COALESCE(r.started_at, now()),
    finished_at = CASE
      WHEN r.status NOT IN ('succeeded', 'failed', 'cancelled') AND (p.fail OR r.remaining - p.resolved <= 0) THEN now()
      ELSE r.finished_at END,
    updated_at = now()
    FROM progress p
   WHERE r.id = p.run_id
  -- finished_at is set to now() (this transaction's start) only by the update that finishes the
  -- run; a run finished earlier keeps another transaction's time. Counts runs by final status.
  RETURNING r.id, r.status, r.finished_at = now() AS finished, r.trace_context, r.workspace_id, r.flow_id, r.created_at, r.error ->> 'code' AS error_code
)
SELECT w.run_id, w.node_id, w.scope, u.status AS run_status, COALESCE(u.finished, false) AS run_finished,
       -- A traced run that this write finished: what its span needs (its stored ids and start).
       CASE WHEN u.finished AND u.trace_context IS NOT NULL
            THEN json_build_object('trace', u.trace_context, 'workspaceId', u.workspace_id, 'flowId', u.flow_id, 'createdAt', u.created_at, 'errorCode', u.error_code) END AS finished_trace,
       (i.wp_id IS NOT NULL AND i.wp_id IN (SELECT id FROM new_waitpoints)) AS waitpoint_stored
  FROM written w
  JOIN input i ON i.run_id = w.run_id AND i.node_id = w.node_id AND i.scope = w.scope
  LEFT JOIN runs_updated u ON u.id = w.run_id`;

/**
 * Runs the sweep reconciles (oldest first): queued or running ones not updated since $1, and
 * waiting ones not updated since $1 that have more to do than wait — a step waiting or
 * retrying with no open waitpoint (a loop's step, a wait resolved whose resume job was lost),
 * or a resolved step whose successor on the handle it fired was never stored (the successor's
 * job was lost while another branch waits).
 */
export const STALE_RUNS_SQL = `
SELECT r.id FROM runs r
 WHERE r.finished_at IS NULL AND r.updated_at < $1
   AND (r.status IN ('queued', 'running')
     OR (r.status = 'waiting' AND (
       EXISTS (
         SELECT 1 FROM steps s
          WHERE s.run_id = r.id AND s.status IN ('waiting', 'running')
            AND NOT EXISTS (SELECT 1 FROM waitpoints w WHERE w.run_id = s.run_id AND w.node_id = s.node_id AND w.scope = s.scope AND w.status = 'waiting'))
       OR EXISTS (
         SELECT 1 FROM steps s
           JOIN flow_versions v ON v.id = r.flow_version_id
           CROSS JOIN LATERAL jsonb_array_elements(v.graph -> 'edges') e
          WHERE s.run_id = r.id AND s.scope = '' AND s.status IN ('succeeded', 'failed', 'skipped')
            AND e ->> 'source' = s.node_id
            AND (s.status = 'skipped' OR COALESCE(NULLIF(e ->> 'sourceHandle', ''), 'default') = s.handle)
            AND NOT EXISTS (SELECT 1 FROM steps t WHERE t.run_id = r.id AND t.scope = '' AND t.node_id = e ->> 'target')))))
 ORDER BY r.created_at
 LIMIT $2`;

/**
 * Takes step leases (side-effect steps, before they execute). A lease is taken when the step
 * has none or an expired one, and only while the stored step is as its execution loaded it
 * (absent, or the same status and attempt): an execution that lost the race to one that
 * already stored the step does not execute it again. Returns the owners that got theirs.
 */
export const ACQUIRE_LEASES_SQL = `
INSERT INTO step_leases AS l (run_id, node_id, scope, owner, until)
SELECT x.run_id, x.node_id, x.scope, x.owner, now() + x.ms * interval '1 millisecond'
  FROM json_to_recordset($1::json) AS x(run_id uuid, node_id text, scope text, owner text, ms integer, seen_status text, seen_attempt integer)
  -- One primary-key probe per lease: OFFSET 0 keeps the planner from flattening this into a join
  -- that hashes the whole steps table (it guesses 100 rows for the batch, and with no fresh
  -- statistics it cannot know the table is large).
  LEFT JOIN LATERAL (SELECT run_id, status, attempt FROM steps WHERE run_id = x.run_id AND node_id = x.node_id AND scope = x.scope OFFSET 0) s ON true
 WHERE (x.seen_status IS NULL AND s.run_id IS NULL) OR (s.status = x.seen_status AND s.attempt = x.seen_attempt)
ON CONFLICT (run_id, node_id, scope) DO UPDATE SET owner = EXCLUDED.owner, until = EXCLUDED.until
 WHERE l.until < now()
RETURNING l.owner`;

/** Ends step leases their owners hold (the execution ended without a step write that ended it). */
export const RELEASE_LEASES_SQL = `
DELETE FROM step_leases l
 USING json_to_recordset($1::json) AS x(run_id uuid, node_id text, scope text, owner text)
 WHERE l.run_id = x.run_id AND l.node_id = x.node_id AND l.scope = x.scope AND l.owner = x.owner`;

/**
 * Cancels the unfinished runs among some, with their open waitpoints and their waiting or
 * running steps (what was waiting, a delay or a retry, will not happen). One statement: each
 * run's status decides, so a run that finished meanwhile is left alone. $1 run ids; answers
 * the runs it cancelled.
 */
export const CANCEL_RUNS_SQL = `
  WITH cancelled AS (
    UPDATE runs SET status = 'cancelled', finished_at = now(), updated_at = now()
     WHERE id = ANY($1::uuid[]) AND status NOT IN ('succeeded', 'failed', 'cancelled')
     RETURNING id),
  waits AS (
    UPDATE waitpoints SET status = 'cancelled', resolved_at = now()
     WHERE run_id IN (SELECT id FROM cancelled) AND status = 'waiting'),
  skipped AS (
    UPDATE steps SET status = 'skipped', finished_at = now(), updated_at = now()
     WHERE run_id IN (SELECT id FROM cancelled) AND status IN ('waiting', 'running'))
  SELECT id FROM cancelled`;

/**
 * Reopens a failed run: its top-level failed steps that no error edge took go back to pending
 * (deleted) and `remaining` regains exactly the count deleted, in one statement, so the counter
 * is only ever moved by the store (here, `INGEST_SQL` and `WRITE_STEPS_SQL`). $1 run id.
 */
export const RETRY_RUN_SQL = `
  WITH run AS (SELECT id FROM runs WHERE id = $1 AND status = 'failed' FOR UPDATE),
  reopened AS (
    DELETE FROM steps WHERE run_id IN (SELECT id FROM run) AND scope = '' AND status = 'failed' AND handle IS NULL
    RETURNING node_id)
  UPDATE runs SET status = 'running', error = NULL, finished_at = NULL,
         remaining = remaining + (SELECT count(*) FROM reopened), updated_at = now(), trace_context = $2::jsonb
   WHERE id IN (SELECT id FROM run)
   RETURNING id`;

/**
 * Stores a replay of a finished run: a new run of the same event on $3 (a flow version) that
 * names the run it replays, with $1's top-level steps named in $4 copied as they ended (status,
 * handle, input, output, attempts, timings): they are not executed again, so nothing they sent
 * is sent twice. `remaining` ($5) is the new version's top-level reachable nodes minus the
 * copies. $1 original run id, $2 new run id. Answers the new run's id (none when $1 is gone).
 */
export const REPLAY_RUN_SQL = `
  WITH original AS (SELECT * FROM runs WHERE id = $1),
  new_run AS (
    INSERT INTO runs (id, workspace_id, flow_id, flow_version_id, event_id, status, is_test, remaining, dynamic_variables, replay_of, created_at, updated_at)
    SELECT $2, workspace_id, flow_id, $3, event_id, 'queued', is_test, $5, dynamic_variables, id, now(), now() FROM original
    RETURNING id),
  copied AS (
    INSERT INTO steps (run_id, node_id, scope, node_type, status, handle, input, output, error, warnings, attempt, started_at, finished_at, updated_at)
    SELECT n.id, s.node_id, '', s.node_type, s.status, s.handle, s.input, s.output, s.error, s.warnings, s.attempt, s.started_at, s.finished_at, now()
      FROM steps s CROSS JOIN new_run n
     WHERE s.run_id = $1 AND s.scope = '' AND s.node_id = ANY($4::text[]))
  SELECT id FROM new_run`;
