import { Inject, Injectable } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import type { Logger } from 'pino';
import type { EngineConfig } from '../config/config';
import { CONFIG, LOGGER, PG_POOL } from '../runtime/tokens';
import { uuidV7Floor } from '../execution/uuid-v7';
import { withTransaction } from './checked-out';
import { sqlState } from './pg-errors';

export const WEEK_MS = 7 * 24 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Weeks kept made ahead, the current one included: a week's rows never wait on a sweep to have their partition. */
const WEEKS_AHEAD = 3;
/**
 * How long the keeper waits for a lock it takes to attach, move or detach a week; a busy moment is
 * left to the next sweep. Below Postgres's `deadlock_timeout` (1 s): a request that holds one
 * history table and waits for another the keeper holds, while the keeper waits for the first, is
 * a lock cycle, and Postgres aborts whichever waiter checks first. The keeper gives way first, so
 * the request is never the one that fails; until it has its locks, the statements queued behind
 * it wait at most this long.
 */
const LOCK_TIMEOUT = '500ms';

/** The history tables, parents first: a week's partitions are made in this order and dropped in the reverse. */
const TABLES = ['events', 'runs', 'steps'] as const;
/** Each table's partition key: a run's steps go with their run. */
const PARTITION_KEY: Record<(typeof TABLES)[number], string> = { events: 'id', runs: 'id', steps: 'run_id' };
const CHECK_VIOLATION = '23514';
const LOCK_NOT_AVAILABLE = '55P03';

/** Monday 00:00 UTC of the week holding `ms` (1970-01-01 was a Thursday). */
export function weekStart(ms: number): number {
  return Math.floor((ms - 4 * DAY_MS) / WEEK_MS) * WEEK_MS + 4 * DAY_MS;
}

/** `20261130`: a week's partitions are named after its Monday (`runs_p20261130`). */
export function weekSuffix(monday: number): string {
  return new Date(monday).toISOString().slice(0, 10).replaceAll('-', '');
}

export interface KeepResult {
  /** Weeks whose partitions this call made. */
  created: string[];
  /** Weeks that could not be made or dropped now (their tables not locked within `LOCK_TIMEOUT`); the next sweep tries again. */
  blocked: string[];
  /** Weeks dropped whole (their partitions past `RETENTION_DAYS`). */
  dropped: string[];
  /** Weeks past the retention period kept for a run still under way (their finished rows are pruned one by one). */
  kept: string[];
}

/**
 * The partition keeper of the history tables (`events`, `runs`, `steps`, partitioned by week on
 * their UUIDv7 ids, see the migration `HistoryPartitions1765200000000`). Run by the sweep, under
 * its lock: it makes the partitions of the current week and the next ones, and drops a week
 * whose whole range is older than `RETENTION_DAYS` — `DETACH` then `DROP` of its three tables,
 * after the rows that point into it from outside (waitpoints of its runs, replays of its events
 * made in later weeks, the events' keys). A week holding a run under way is kept (its finished
 * runs go row by row, see `PgExecutionStore.pruneFinished`) until that run ends.
 *
 * Rows are so kept between `RETENTION_DAYS` and `RETENTION_DAYS` + 7 days: a week goes when its
 * last day is past the cutoff. Pruning the week across the cutoff row by row would delete every
 * row one by one before its week could be dropped (the cutoff moves through each week).
 */
@Injectable()
export class HistoryPartitions {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(CONFIG) private readonly config: Pick<EngineConfig, 'RETENTION_DAYS'>,
  ) {}

  async keep(now = new Date()): Promise<KeepResult> {
    const result: KeepResult = { created: [], blocked: [], dropped: [], kept: [] };
    const existing = new Set(await this.weeks());
    const monday = weekStart(now.getTime());
    for (let week = 0; week < WEEKS_AHEAD; week++) {
      const start = monday + week * WEEK_MS;
      if (existing.has(weekSuffix(start))) continue;
      (await this.createWeek(start)) ? result.created.push(weekSuffix(start)) : result.blocked.push(weekSuffix(start));
    }
    const cutoff = now.getTime() - this.config.RETENTION_DAYS * DAY_MS;
    for (const suffix of existing) {
      if (weekOf(suffix) + WEEK_MS > cutoff) continue;
      try {
        (await this.dropWeek(suffix)) ? result.dropped.push(suffix) : result.kept.push(suffix);
      } catch (error) {
        if (sqlState(error) !== LOCK_NOT_AVAILABLE) throw error;
        result.blocked.push(suffix);
      }
    }
    if (result.created.length + result.dropped.length > 0) this.logger.info(result, 'history partitions: made the coming weeks, dropped the weeks past retention');
    if (result.blocked.length > 0) {
      this.logger.warn({ weeks: result.blocked }, 'history partitions: could not lock the history tables in time to make or drop these weeks; a later sweep tries again');
    }
    return result;
  }

  /** The weeks that have partitions, by suffix (`20261130`), oldest first. */
  async weeks(): Promise<string[]> {
    const { rows } = await this.pool.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'events'::regclass AND c.relname ~ '^events_p[0-9]{8}$' ORDER BY 1`,
    );
    return rows.map((row) => row.name.slice('events_p'.length));
  }

  /**
   * Makes the week starting at `monday` (a Monday 00:00 UTC, past weeks too: tests and benches
   * store history). All three tables or none, so a run's steps share its week. When a row of
   * the default partitions has an id in the week's range (Postgres refuses the partition: a
   * pre-partitioning UUIDv4 read as a time, or a row stored while the week had no partition),
   * the week adopts those rows (`adoptWeek`). False only when that could not be done now: the
   * week's rows go to the default partitions meanwhile, and the next sweep tries again.
   */
  async createWeek(monday: number): Promise<boolean> {
    const suffix = weekSuffix(monday);
    const bounds = `FROM ('${uuidV7Floor(monday)}') TO ('${uuidV7Floor(monday + WEEK_MS)}')`;
    try {
      const made = await this.transaction(async (client) => {
        await client.query(`SET LOCAL lock_timeout = '${LOCK_TIMEOUT}'`);
        // Every lock at once, before any work (a partition of a table locks it whole).
        await client.query(`LOCK TABLE ${TABLES.join(', ')} IN ACCESS EXCLUSIVE MODE`);
        try {
          await client.query(`CREATE TABLE IF NOT EXISTS events_p${suffix} PARTITION OF events FOR VALUES ${bounds}`);
          await client.query(`CREATE TABLE IF NOT EXISTS runs_p${suffix} PARTITION OF runs FOR VALUES ${bounds} WITH (fillfactor = 70)`);
          await client.query(`CREATE TABLE IF NOT EXISTS steps_p${suffix} PARTITION OF steps FOR VALUES ${bounds}`);
          return true;
        } catch (error) {
          if (sqlState(error) === CHECK_VIOLATION) return false;
          throw error;
        }
      });
      return made || (await this.adoptWeek(monday));
    } catch (error) {
      if (sqlState(error) !== LOCK_NOT_AVAILABLE) throw error;
      return false;
    }
  }

  /**
   * Makes a week whose range holds rows of the default partitions: in one transaction, with the
   * default partitions locked (a row routed there meanwhile would make the attach fail), each
   * table's week is made as a plain table, the default's rows in its range are moved into it,
   * and it is attached. On a database upgraded with millions of UUIDv4 rows nearly every week
   * holds one, so without this the history would stay in the default partitions, pruned row by
   * row, until the legacy rows aged out. A legacy row so moved leaves with that week: later
   * than its age says, never sooner. Inserts into the history wait for the move (`LOCK_TIMEOUT`
   * bounds how long this waits for its locks).
   */
  private async adoptWeek(monday: number): Promise<boolean> {
    const suffix = weekSuffix(monday);
    const [from, to] = [uuidV7Floor(monday), uuidV7Floor(monday + WEEK_MS)];
    return this.transaction(async (client) => {
      await client.query(`SET LOCAL lock_timeout = '${LOCK_TIMEOUT}'`);
      await client.query(`LOCK TABLE ${TABLES.map((table) => `${table}_default`).join(', ')} IN ACCESS EXCLUSIVE MODE`);
      const moved: Record<string, number> = {};
      for (const table of TABLES) {
        const { rows } = await client.query<{ name: string }>(
          `SELECT quote_ident(attname) AS name FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
          [table],
        );
        const columns = rows.map((row) => row.name).join(', ');
        const key = PARTITION_KEY[table];
        await client.query(`CREATE TABLE ${table}_p${suffix} (LIKE ${table} INCLUDING DEFAULTS)${table === 'runs' ? ' WITH (fillfactor = 70)' : ''}`);
        const result = await client.query(
          `WITH moved AS (DELETE FROM ${table}_default WHERE ${key} >= $1 AND ${key} < $2 RETURNING ${columns})
           INSERT INTO ${table}_p${suffix} (${columns}) SELECT ${columns} FROM moved`,
          [from, to],
        );
        moved[table] = result.rowCount ?? 0;
        await client.query(`ALTER TABLE ${table} ATTACH PARTITION ${table}_p${suffix} FOR VALUES FROM ('${from}') TO ('${to}')`);
      }
      this.logger.info({ week: suffix, moved }, 'history partitions: made a week that default rows had ids in, and moved them into it');
      return true;
    });
  }

  /**
   * Drops a week past retention unless a run under way is in it or is a replay of one of its
   * events; true when it went. First, in one transaction without locks on the parents: the
   * waitpoints of its runs, the replays of its events stored in later weeks (with their steps
   * and waitpoints, as the row prune always took them with their event) and its events' keys.
   * Then, in a short one: each table's partition detached and dropped, steps first.
   */
  async dropWeek(suffix: string): Promise<boolean> {
    const monday = weekOf(suffix);
    const [from, to] = [uuidV7Floor(monday), uuidV7Floor(monday + WEEK_MS)];
    const cleared = await this.transaction(async (client) => {
      const { rows } = await client.query<{ busy: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM runs_p${suffix} WHERE finished_at IS NULL)
             OR EXISTS (SELECT 1 FROM runs r JOIN events_p${suffix} e ON e.id = r.event_id WHERE r.finished_at IS NULL) AS busy`,
      );
      if (rows[0]!.busy) return false;
      await client.query(
        `WITH replays AS (
           DELETE FROM runs r USING events_p${suffix} e WHERE r.replay_of IS NOT NULL AND r.event_id = e.id AND r.id >= $1 RETURNING r.id),
         steps_gone AS (DELETE FROM steps s USING replays r WHERE s.run_id = r.id)
         DELETE FROM waitpoints w USING replays r WHERE w.run_id = r.id`,
        [to],
      );
      await client.query(`DELETE FROM waitpoints WHERE run_id >= $1 AND run_id < $2`, [from, to]);
      await client.query(`DELETE FROM event_keys WHERE event_id >= $1 AND event_id < $2`, [from, to]);
      return true;
    });
    if (!cleared) return false;
    await this.transaction(async (client) => {
      await client.query(`SET LOCAL lock_timeout = '${LOCK_TIMEOUT}'`);
      // Every lock at once, before any work: the wait (and the giving way) is in one place.
      await client.query(`LOCK TABLE ${[...TABLES].reverse().join(', ')} IN ACCESS EXCLUSIVE MODE`);
      for (const table of [...TABLES].reverse()) {
        await client.query(`ALTER TABLE ${table} DETACH PARTITION ${table}_p${suffix}`);
        await client.query(`DROP TABLE ${table}_p${suffix}`);
      }
    });
    return true;
  }

  private transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    return withTransaction(this.pool, (error) => this.logger.warn({ err: error }, 'history partitions: their Postgres connection failed'), work);
  }
}

/** The Monday a week's suffix names. */
function weekOf(suffix: string): number {
  return Date.UTC(Number(suffix.slice(0, 4)), Number(suffix.slice(4, 6)) - 1, Number(suffix.slice(6, 8)));
}
