import { randomBytes } from 'node:crypto';

export interface IntegrationEnv {
  KAFKA_BROKERS: string;
  DATABASE_URL: string;
}

/** The real broker and database; a run without them is a failure, never a skip. */
export function integrationEnv(): IntegrationEnv {
  const { KAFKA_BROKERS, DATABASE_URL } = process.env;
  const missing = [!KAFKA_BROKERS && 'KAFKA_BROKERS', !DATABASE_URL && 'DATABASE_URL'].filter(Boolean);
  if (missing.length > 0) {
    throw new Error(`integration tests need ${missing.join(' and ')}; start them with: eval "$(bash scripts/stack/dev-infra.sh up)"`);
  }
  return { KAFKA_BROKERS: KAFKA_BROKERS!, DATABASE_URL: DATABASE_URL! };
}

/** A short id that keeps this run's topics, groups and truck ids apart from every other run. */
export function uniqueRunId(): string {
  return `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}

/** Polls `probe` until it returns a value other than undefined; fails with `what` after the deadline. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, deadlineMs = 60_000, everyMs = 50): Promise<T> {
  const giveUpAt = Date.now() + deadlineMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > giveUpAt) {
      throw new Error(`timed out after ${deadlineMs} ms waiting for ${what}${lastError ? ` (last error: ${(lastError as Error).message})` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
