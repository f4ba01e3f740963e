import { Pool } from 'pg';

export function createPool(url: string, max: number, applicationName: string): Pool {
  return new Pool({ connectionString: url, max, application_name: applicationName, idleTimeoutMillis: 30_000 });
}
