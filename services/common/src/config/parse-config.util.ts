import { z } from 'zod';

/** Thrown when environment variables do not match a service's config schema. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

// Schema keys are the environment variable names, so every problem names the
// variable a person has to fix. All problems are reported at once, not the first.
export function parseConfig<S extends z.ZodTypeAny>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const variable = issue.path.join('.') || '(environment)';
    const value = typeof issue.path[0] === 'string' ? env[issue.path[0]] : undefined;
    // A secret's value never reaches a log, even a wrong one: its length is enough to fix it.
    const secret = typeof issue.path[0] === 'string' && /SECRET|PASSWORD/.test(issue.path[0]);
    const shown = value === undefined ? 'not set' : secret ? `got ${value.length} characters` : `got ${JSON.stringify(value)}`;
    return `${variable}: ${issue.message} (${shown})`;
  });
  throw new ConfigError(problems);
}

/** Parses the config or stops the process with a message naming every bad variable. */
export function loadConfigOrExit<S extends z.ZodTypeAny>(service: string, schema: S): z.infer<S> {
  try {
    return parseConfig(schema);
  } catch (error) {
    if (error instanceof ConfigError) {
      // Plain stderr on purpose: the logger's level and format are part of the config being refused.
      process.stderr.write(`${service}: ${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}
