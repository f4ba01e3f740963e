import { Inject, Injectable } from '@nestjs/common';
import type { BacktestProgress, BacktestRequest, BacktestResult } from '@urban-brain/proto';
import { problemField } from '../alert-rules/alert-rules.client';
import { DomainError, DomainErrorCode } from '../common/domain-error';
import { API_CONFIG, type ApiConfig } from '../config/api.config';

const TIMEOUT_MS = 30_000;

interface AlertingRefusal {
  code?: string;
  message?: string;
  problems?: string[];
}

/** The rules service's backtests over HTTP (services meet over HTTP and Kafka, never imports). */
@Injectable()
export class BacktestsClient {
  constructor(@Inject(API_CONFIG) private readonly config: Pick<ApiConfig, 'ALERTING_URL'>) {}

  async start(request: BacktestRequest): Promise<{ id: string }> {
    return (await this.json('/backtests', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request) })) as { id: string };
  }

  async progress(id: string): Promise<BacktestProgress> {
    return (await this.json(`/backtests/${encodeURIComponent(id)}`, { method: 'GET' })) as BacktestProgress;
  }

  async result(id: string): Promise<BacktestResult> {
    return (await this.json(`/backtests/${encodeURIComponent(id)}/result`, { method: 'GET' })) as BacktestResult;
  }

  async resultCsv(id: string): Promise<string> {
    const response = await this.call(`/backtests/${encodeURIComponent(id)}/result?format=csv`, { method: 'GET' });
    if (!response.ok) await this.refuse(response);
    return response.text();
  }

  async cancel(id: string): Promise<BacktestProgress> {
    return (await this.json(`/backtests/${encodeURIComponent(id)}`, { method: 'DELETE' })) as BacktestProgress;
  }

  private async json(path: string, init: RequestInit): Promise<unknown> {
    const response = await this.call(path, init);
    if (!response.ok) await this.refuse(response);
    return response.json();
  }

  /** The rules service's refusal as the api's own coded error (INVALID_BODY naming the field, INVALID_RULES naming rule and field). */
  private async refuse(response: Response): Promise<never> {
    const body = (await response.json().catch(() => ({}))) as AlertingRefusal;
    const problems = body.problems ?? [];
    switch (body.code) {
      case 'INVALID_DRAFT':
        throw new DomainError(DomainErrorCode.INVALID_RULES, 'The draft rule set has problems', problems.map((problem) => ({ field: `ruleSet: ${problemField(problem.trim())}`, problem: problem.trim() })));
      case 'INVALID_BACKTEST':
        throw DomainError.invalidBody(problems.map((problem) => ({ field: problem.slice(0, Math.max(0, problem.indexOf(':'))) || '(body)', problem: problem.slice(problem.indexOf(':') + 1).trim() })));
      case 'BACKTEST_BUSY':
        throw new DomainError(DomainErrorCode.BACKTEST_BUSY, body.message ?? 'Backtests are busy');
      case 'BACKTEST_NOT_FOUND':
        throw new DomainError(DomainErrorCode.BACKTEST_NOT_FOUND, body.message ?? 'No such backtest');
      case 'BACKTEST_NOT_DONE':
        throw new DomainError(DomainErrorCode.BACKTEST_NOT_DONE, body.message ?? 'The backtest has no result yet');
      default:
        throw unavailable(`answered ${response.status}`);
    }
  }

  private async call(path: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(`${this.config.ALERTING_URL}${path}`, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (error) {
      throw unavailable((error as Error).message);
    }
  }
}

function unavailable(why: string): DomainError {
  return new DomainError(DomainErrorCode.ALERTING_UNAVAILABLE, `The rules service cannot be reached (${why}); backtests cannot be run or read now`);
}
