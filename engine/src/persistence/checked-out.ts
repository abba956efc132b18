import type { Pool, PoolClient } from 'pg';

/**
 * Runs `work` on a client of its own from the pool (a transaction, a session lock) and gives it
 * back. While a client is checked out, pg-pool listens to none of its errors: Postgres ending
 * the connection between two statements (a restart, a failover) would be an unhandled 'error'
 * event and end the process. Here it is logged, and a client that failed is discarded.
 */
export async function withClient<T>(pool: Pool, onError: (error: Error) => void, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  client.on('error', onError);
  let failed: Error | undefined;
  try {
    return await work(client);
  } catch (error) {
    failed = error instanceof Error ? error : new Error(String(error));
    throw error;
  } finally {
    client.off('error', onError);
    client.release(failed);
  }
}

/** `work` in a transaction on a client of its own (`withClient`): committed when it returns, rolled back when it throws. */
export async function withTransaction<T>(pool: Pool, onError: (error: Error) => void, work: (client: PoolClient) => Promise<T>): Promise<T> {
  return withClient(pool, onError, async (client) => {
    await client.query('BEGIN');
    try {
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    }
  });
}
