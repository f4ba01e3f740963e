import { describe, expect, it } from 'vitest';
import type { BacktestAlert, BacktestProgress, BacktestResult } from '@urban-brain/proto';
import { createBacktestApi, resultUrl, useBacktest } from './use-backtest';

const alert = (entityId: string, raisedAt: string, rule = 'boat.low-battery'): BacktestAlert => ({
  rule,
  entityId,
  fleet: 'boats',
  severity: 2,
  title: { en: `Boat ${entityId} low`, zh: `清漂船${entityId}电量低` },
  raisedAt,
  clearedAt: null,
  resolvedAt: null,
  lon: 105.05,
  lat: 29.58,
  openAtStart: false,
});

const progress = (state: BacktestProgress['state'], eventsRead: number): BacktestProgress => ({
  id: 'b-1',
  state,
  ruleSet: 'draft',
  rules: 1,
  from: '2026-12-02T08:00:00.000Z',
  to: '2026-12-02T09:00:00.000Z',
  startedAt: '2026-12-03T10:00:00.000Z',
  finishedAt: state === 'running' ? null : '2026-12-03T10:00:05.000Z',
  eventsRead,
  position: '2026-12-02T08:30:00.000Z',
  progress: state === 'done' ? 1 : 0.5,
  sources: [{ stream: 'boat-readings', source: 'kafka', note: 'topic ub.boat.readings.v1 holds the window' }],
  error: null,
});

const added = alert('W-2', '2026-12-02T08:20:00.000Z', 'boat.strict');
const kept = alert('W-1', '2026-12-02T08:10:00.000Z');
const removed = alert('W-3', '2026-12-02T08:05:00.000Z');
const result: BacktestResult = {
  id: 'b-1',
  from: '2026-12-02T08:00:00.000Z',
  to: '2026-12-02T09:00:00.000Z',
  ruleSet: 'draft',
  eventsRead: 1200,
  sources: progress('done', 1200).sources,
  alerts: [kept, added],
  alertsDropped: 0,
  diff: { added: [added], removed: [removed], changed: [], unchanged: 1 },
  matchToleranceMs: 15_000,
};

/** A fake api server: answers by method and path in turn, and records what was asked. */
function fakeFetch(answers: Record<string, { status: number; body: unknown }[]>) {
  const calls: { method: string; url: string; body: unknown }[] = [];
  const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    const method = init?.method ?? 'GET';
    calls.push({ method, url, body: init?.body ? JSON.parse(String(init.body)) : undefined });
    const queue = answers[`${method} ${url}`];
    const answer = queue && queue.length > 1 ? queue.shift()! : queue?.[0];
    if (!answer) return new Response('{}', { status: 404 });
    return new Response(JSON.stringify(answer.body), { status: answer.status, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  return { fetchImpl, calls };
}

const instant = { pollMs: 0, wait: () => Promise.resolve() };

describe('useBacktest', () => {
  it('starts a backtest, follows its progress until done, and reads the result with each alert marked by its diff', async () => {
    const { fetchImpl, calls } = fakeFetch({
      'POST /api/backtests': [{ status: 202, body: { id: 'b-1' } }],
      'GET /api/backtests/b-1': [
        { status: 200, body: progress('running', 10) },
        { status: 200, body: progress('running', 600) },
        { status: 200, body: progress('done', 1200) },
      ],
      'GET /api/backtests/b-1/result': [{ status: 200, body: result }],
    });
    const backtest = useBacktest(createBacktestApi(fetchImpl), instant);
    const request = { ruleSet: 'version: 1\nrules: []\n', from: result.from, to: result.to };
    await backtest.run(request);
    expect(calls[0]).toEqual({ method: 'POST', url: '/api/backtests', body: request });
    expect(calls.filter((c) => c.url === '/api/backtests/b-1')).toHaveLength(3);
    expect(backtest.progress.value?.state).toBe('done');
    expect(backtest.running.value).toBe(false);
    expect(backtest.result.value).toEqual(result);
    expect(backtest.alerts.value.map((a) => [a.entityId, a.diff])).toEqual([
      ['W-3', 'removed'],
      ['W-1', 'unchanged'],
      ['W-2', 'added'],
    ]);
    expect(resultUrl('b-1', 'csv')).toBe('/api/backtests/b-1/result?format=csv');
  });

  it("shows a refused draft's problems as the api names them (rule and field)", async () => {
    const problem = 'draft: rule boat.strict: below: must be a number (got "low")';
    const { fetchImpl } = fakeFetch({
      'POST /api/backtests': [{ status: 400, body: { statusCode: 400, code: 'INVALID_RULES', message: 'The draft rule set has problems', fields: [{ field: 'ruleSet: rule boat.strict: below', problem }] } }],
    });
    const backtest = useBacktest(createBacktestApi(fetchImpl), instant);
    await backtest.run({ ruleSet: 'bad', from: result.from, to: result.to });
    expect(backtest.error.value).toEqual({ message: 'The draft rule set has problems', problems: [problem] });
    expect(backtest.result.value).toBeNull();
    expect(backtest.running.value).toBe(false);
  });

  it('names the field of a refused window (the limit)', async () => {
    const { fetchImpl } = fakeFetch({
      'POST /api/backtests': [{ status: 400, body: { code: 'INVALID_BODY', message: 'Invalid request body', fields: [{ field: 'to', problem: 'the window is at most 168 hours' }] } }],
    });
    const backtest = useBacktest(createBacktestApi(fetchImpl), instant);
    await backtest.run({ ruleSet: 'current', from: '2026-11-01T00:00:00Z', to: '2026-11-10T00:00:00Z' });
    expect(backtest.error.value?.problems).toEqual(['to: the window is at most 168 hours']);
  });

  it('cancels a running backtest and reads no result', async () => {
    const holder: { backtest?: ReturnType<typeof useBacktest> } = {};
    const { fetchImpl, calls } = fakeFetch({
      'POST /api/backtests': [{ status: 202, body: { id: 'b-1' } }],
      'GET /api/backtests/b-1': [{ status: 200, body: progress('running', 10) }, { status: 200, body: progress('running', 20) }, { status: 200, body: progress('cancelled', 20) }],
      'DELETE /api/backtests/b-1': [{ status: 200, body: progress('running', 20) }],
    });
    // The user presses cancel while the page waits between two polls.
    let cancelled = false;
    const wait = async () => {
      if (!cancelled && holder.backtest) {
        cancelled = true;
        await holder.backtest.cancel();
      }
    };
    const backtest = useBacktest(createBacktestApi(fetchImpl), { pollMs: 0, wait });
    holder.backtest = backtest;
    await backtest.run({ ruleSet: 'current', from: result.from, to: result.to });
    expect(calls.some((c) => c.method === 'DELETE' && c.url === '/api/backtests/b-1')).toBe(true);
    expect(backtest.progress.value?.state).toBe('cancelled');
    expect(calls.some((c) => c.url.endsWith('/result'))).toBe(false);
    expect(backtest.result.value).toBeNull();
  });
});
