import { Inject, Injectable } from '@nestjs/common';
import { API_CONFIG, type ApiConfig } from '../config/api.config';
import { DomainError, DomainErrorCode } from '../common/domain-error';

const TIMEOUT_MS = 10_000;

/** The rules service over HTTP (services meet over HTTP and Kafka, never imports): validation and the set in force. */
@Injectable()
export class AlertRulesClient {
  constructor(@Inject(API_CONFIG) private readonly config: Pick<ApiConfig, 'ALERTING_URL'>) {}

  /** Throws INVALID_RULES with each problem ("<source>: rule <id>: <field>: <problem>") when the parser refuses it. */
  async validate(yaml: string): Promise<{ rules: number }> {
    const response = await this.call('/rules/validate', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ yaml }) });
    const body = (await response.json()) as { ok: boolean; rules?: number; problems?: string[] };
    if (response.status === 400) {
      throw new DomainError(DomainErrorCode.INVALID_RULES, 'The rule set has problems', (body.problems ?? []).map((problem) => ({ field: problemField(problem), problem })));
    }
    if (!response.ok) throw unavailable(`answered ${response.status}`);
    return { rules: body.rules ?? 0 };
  }

  async inForce(): Promise<{ version: number; yaml: string }> {
    const response = await this.call('/rules', { method: 'GET' });
    if (!response.ok) throw unavailable(`answered ${response.status}`);
    return (await response.json()) as { version: number; yaml: string };
  }

  private async call(path: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(`${this.config.ALERTING_URL}${path}`, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (error) {
      throw unavailable((error as Error).message);
    }
  }
}

// "draft: rule boat.low-battery: below: must be a number" -> "rule boat.low-battery: below".
export function problemField(problem: string): string {
  const parts = problem.split(': ');
  return parts.length >= 3 ? parts.slice(1, -1).join(': ') : '(rules)';
}

function unavailable(why: string): DomainError {
  return new DomainError(DomainErrorCode.ALERTING_UNAVAILABLE, `The rules service cannot be reached (${why}); rule sets cannot be checked or listed now`);
}
