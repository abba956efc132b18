import type { QueryConfig } from 'pg';

/**
 * A hot statement's query: named, so that each connection parses and plans it once instead of
 * at every call (planning these multi-CTE statements costs more than running them), or unnamed
 * when `named` is false. Behind a transaction-mode pooler a name cannot be used: it is prepared
 * on one server connection, and the next call may land on another that does not know it
 * (PgBouncer before 1.21 keeps no prepared statements across server connections).
 *
 * @example pool.query(hotStatement(true, 'write_steps', WRITE_STEPS_SQL, values))
 */
export function hotStatement(named: boolean, name: string, text: string, values: unknown[]): QueryConfig {
  return named ? { name, text, values } : { text, values };
}
