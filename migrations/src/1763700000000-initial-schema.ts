import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The engine foundation: workspaces and their API keys, connections, flows and their
 * immutable published versions, events, runs, steps, waitpoints and messages.
 *
 * Hot tables (events, runs, steps, waitpoints, messages) are written in batches by the
 * executor with raw SQL; their indexes are the ones those statements and the sweeps need.
 * They have no foreign keys to rows that many concurrent writers share (a workspace, a
 * flow version, a connection): each such check locks the parent row, and thousands of
 * concurrent lockers of one row cost Postgres more than the check is worth. The runs table
 * keeps free space in its pages and indexes no column a step changes, so the update each
 * step makes to its run is a HOT update.
 */
export class InitialSchema1763700000000 implements MigrationInterface {
  name = 'InitialSchema1763700000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE workspaces (
        id uuid NOT NULL,
        name text NOT NULL,
        settings jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_workspaces PRIMARY KEY (id)
      )`);
    await db.query(`
      CREATE TABLE api_keys (
        id uuid NOT NULL,
        workspace_id uuid NOT NULL,
        name text NOT NULL,
        key_hash text NOT NULL,
        key_prefix text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        CONSTRAINT pk_api_keys PRIMARY KEY (id),
        CONSTRAINT fk_api_keys_workspace FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE CASCADE
      )`);
    await db.query(`CREATE UNIQUE INDEX uq_api_keys_key_hash ON api_keys (key_hash)`);
    await db.query(`CREATE INDEX ix_api_keys_workspace ON api_keys (workspace_id)`);

    await db.query(`
      CREATE TABLE connections (
        id uuid NOT NULL,
        workspace_id uuid NOT NULL,
        name text NOT NULL,
        provider text NOT NULL,
        config jsonb NOT NULL DEFAULT '{}',
        secrets text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_connections PRIMARY KEY (id),
        CONSTRAINT fk_connections_workspace FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE CASCADE
      )`);
    await db.query(`CREATE INDEX ix_connections_workspace ON connections (workspace_id)`);

    await db.query(`
      CREATE TABLE flows (
        id uuid NOT NULL,
        workspace_id uuid NOT NULL,
        name text NOT NULL,
        description text NOT NULL DEFAULT '',
        graph jsonb NOT NULL,
        problems jsonb NOT NULL DEFAULT '[]',
        published_version_id uuid,
        published_trigger_type text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz,
        CONSTRAINT pk_flows PRIMARY KEY (id),
        CONSTRAINT fk_flows_workspace FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE CASCADE
      )`);
    await db.query(`CREATE INDEX ix_flows_workspace ON flows (workspace_id, updated_at)`);
    // Matching an event looks up the published flows of a workspace by trigger type.
    await db.query(`
      CREATE INDEX ix_flows_published_trigger ON flows (workspace_id, published_trigger_type)
      WHERE published_version_id IS NOT NULL AND deleted_at IS NULL`);

    await db.query(`
      CREATE TABLE flow_versions (
        id uuid NOT NULL,
        flow_id uuid NOT NULL,
        workspace_id uuid NOT NULL,
        version integer,
        name text NOT NULL,
        graph jsonb NOT NULL,
        trigger_type text NOT NULL,
        is_test boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_flow_versions PRIMARY KEY (id),
        CONSTRAINT fk_flow_versions_flow FOREIGN KEY (flow_id) REFERENCES flows (id) ON DELETE CASCADE
      )`);
    await db.query(`CREATE UNIQUE INDEX uq_flow_versions_flow_version ON flow_versions (flow_id, version) WHERE version IS NOT NULL`);

    await db.query(`
      CREATE TABLE events (
        id uuid NOT NULL,
        workspace_id uuid NOT NULL,
        type text NOT NULL,
        external_id text NOT NULL,
        occurred_at timestamptz NOT NULL,
        data jsonb NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_events PRIMARY KEY (id)
      )`);
    // An event id is unique per workspace: a redelivered webhook starts nothing twice.
    await db.query(`CREATE UNIQUE INDEX uq_events_workspace_external ON events (workspace_id, external_id)`);
    await db.query(`CREATE INDEX ix_events_received ON events (received_at)`);

    await db.query(`
      CREATE TABLE runs (
        id uuid NOT NULL,
        workspace_id uuid NOT NULL,
        flow_id uuid NOT NULL,
        flow_version_id uuid NOT NULL,
        event_id uuid NOT NULL,
        status text NOT NULL,
        is_test boolean NOT NULL DEFAULT false,
        remaining integer NOT NULL,
        error jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_runs PRIMARY KEY (id),
        CONSTRAINT fk_runs_event FOREIGN KEY (event_id) REFERENCES events (id) ON DELETE CASCADE
      ) WITH (fillfactor = 70)`);
    // One run per event and flow version, even when the event is ingested twice concurrently;
    // also how a duplicate event finds the runs of its first delivery.
    await db.query(`CREATE UNIQUE INDEX uq_runs_event_version ON runs (event_id, flow_version_id)`);
    await db.query(`CREATE INDEX ix_runs_workspace_created ON runs (workspace_id, created_at)`);
    await db.query(`CREATE INDEX ix_runs_flow_created ON runs (flow_id, created_at)`);
    // The sweep looks among unfinished runs for those that stopped moving.
    await db.query(`CREATE INDEX ix_runs_unfinished ON runs (created_at) WHERE finished_at IS NULL`);

    await db.query(`
      CREATE TABLE steps (
        run_id uuid NOT NULL,
        node_id text NOT NULL,
        scope text NOT NULL DEFAULT '',
        node_type text NOT NULL,
        status text NOT NULL,
        handle text,
        input jsonb,
        output jsonb,
        error jsonb,
        warnings jsonb,
        attempt integer NOT NULL DEFAULT 1,
        started_at timestamptz,
        finished_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_steps PRIMARY KEY (run_id, node_id, scope),
        CONSTRAINT fk_steps_run FOREIGN KEY (run_id) REFERENCES runs (id) ON DELETE CASCADE
      )`);

    await db.query(`
      CREATE TABLE waitpoints (
        id uuid NOT NULL,
        run_id uuid NOT NULL,
        node_id text NOT NULL,
        scope text NOT NULL DEFAULT '',
        kind text NOT NULL,
        status text NOT NULL,
        resolution text,
        attempt integer NOT NULL DEFAULT 1,
        wake_at timestamptz,
        correlation text,
        payload jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        resolved_at timestamptz,
        CONSTRAINT pk_waitpoints PRIMARY KEY (id),
        CONSTRAINT fk_waitpoints_run FOREIGN KEY (run_id) REFERENCES runs (id) ON DELETE CASCADE
      )`);
    // A step waits on at most one thing at a time.
    await db.query(`CREATE UNIQUE INDEX uq_waitpoints_open_step ON waitpoints (run_id, node_id, scope) WHERE status = 'waiting'`);
    // The sweep re-arms alarms that are due; replies find their waiter by correlation key.
    await db.query(`CREATE INDEX ix_waitpoints_due ON waitpoints (wake_at) WHERE status = 'waiting'`);
    await db.query(`CREATE INDEX ix_waitpoints_correlation ON waitpoints (correlation) WHERE status = 'waiting'`);

    await db.query(`
      CREATE TABLE messages (
        id uuid NOT NULL,
        workspace_id uuid NOT NULL,
        connection_id uuid NOT NULL,
        direction text NOT NULL,
        customer_phone text NOT NULL,
        kind text NOT NULL,
        template text,
        language text,
        parameters jsonb,
        body text,
        provider_message_id text,
        status text NOT NULL,
        error jsonb,
        run_id uuid,
        node_id text,
        idempotency_key text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_messages PRIMARY KEY (id)
      )`);
    // The side effect's idempotency key (run + node): a retry after a crash never sends twice.
    await db.query(`CREATE UNIQUE INDEX uq_messages_idempotency_key ON messages (idempotency_key) WHERE idempotency_key IS NOT NULL`);
    await db.query(`CREATE UNIQUE INDEX uq_messages_provider_id ON messages (connection_id, provider_message_id) WHERE provider_message_id IS NOT NULL`);
    await db.query(`CREATE INDEX ix_messages_run ON messages (run_id) WHERE run_id IS NOT NULL`);
    // The 24-hour window is the customer's last inbound message on that connection.
    await db.query(`CREATE INDEX ix_messages_customer ON messages (connection_id, customer_phone, direction, created_at)`);
    await db.query(`CREATE INDEX ix_messages_workspace_created ON messages (workspace_id, created_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['messages', 'waitpoints', 'steps', 'runs', 'events', 'flow_versions', 'flows', 'connections', 'api_keys', 'workspaces']) {
      await db.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
