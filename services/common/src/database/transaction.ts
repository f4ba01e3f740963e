import type { Pool, PoolClient } from 'pg';

/** Runs `work` on one client inside BEGIN/COMMIT; a throw rolls it back and is rethrown. The client goes back to the pool either way. */
export async function withTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
