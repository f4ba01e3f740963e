import { describe, expect, it } from 'vitest';
import { applyLocale } from '../i18n/strings';
import { alertSummary } from './alert-change.fixtures';
import { failureText } from './console-format';
import { useAlertActions } from './use-alert-actions';

/** A fake api answering every POST with `answer`, recording what was sent. */
function fakeApi(answer: () => Response) {
  const sent: { url: string; method: string | undefined; body: unknown }[] = [];
  const fetchImpl = (async (url: string, init?: RequestInit) => {
    sent.push({ url, method: init?.method, body: JSON.parse(String(init?.body ?? 'null')) });
    return answer();
  }) as unknown as typeof fetch;
  return { fetchImpl, sent };
}

const conflict = (body: object) => new Response(JSON.stringify({ statusCode: 409, error: 'Conflict', code: 'ALERT_STEP_REFUSED', ...body }), { status: 409 });

describe('useAlertActions', () => {
  it('posts each step to its route and hands the answer on', async () => {
    const api = fakeApi(() => new Response(JSON.stringify(alertSummary('a1', { state: 'acknowledged' }))));
    const done: string[] = [];
    const actions = useAlertActions((summary) => done.push(summary.state), api.fetchImpl);
    expect(await actions.acknowledge('a1')).toMatchObject({ state: 'acknowledged' });
    await actions.assign('a1', ' boat-02 ', 'boats');
    await actions.assign('a1', 'Crew East');
    await actions.resolve('a1', '  cleared the fence ');
    await actions.reopen('a1');
    expect(api.sent).toEqual([
      { url: '/api/alerts/a1/acknowledge', method: 'POST', body: {} },
      { url: '/api/alerts/a1/assign', method: 'POST', body: { assignee: 'boat-02', fleet: 'boats' } },
      { url: '/api/alerts/a1/assign', method: 'POST', body: { assignee: 'Crew East' } },
      { url: '/api/alerts/a1/resolve', method: 'POST', body: { note: 'cleared the fence' } },
      { url: '/api/alerts/a1/reopen', method: 'POST', body: {} },
    ]);
    expect(done).toHaveLength(5);
    expect(actions.busy.value).toBeNull();
    expect(actions.failure.value).toBeNull();
  });

  it('sends one step at a time', async () => {
    const api = fakeApi(() => new Response(JSON.stringify(alertSummary('a1'))));
    const actions = useAlertActions(undefined, api.fetchImpl);
    const first = actions.acknowledge('a1');
    expect(actions.busy.value).toBe('acknowledge');
    expect(await actions.acknowledge('a1')).toBeNull();
    await first;
    expect(api.sent).toHaveLength(1);
  });

  it('says plainly who acknowledged first, in both languages', async () => {
    const actions = useAlertActions(undefined, fakeApi(() => conflict({ message: 'Already acknowledged by li.wei at …', state: 'acknowledged', acknowledgedBy: 'li.wei' })).fetchImpl);
    expect(await actions.acknowledge('a1')).toBeNull();
    expect(actions.failure.value).toMatchObject({ kind: 'refused', acknowledgedBy: 'li.wei' });
    expect(failureText(actions.failure.value!)).toBe('Already acknowledged by li.wei');
    applyLocale('zh-CN');
    expect(failureText(actions.failure.value!)).toBe('已由 li.wei 确认');
    applyLocale('en');
    actions.dismiss();
    expect(actions.failure.value).toBeNull();
  });

  it('words the other refusals and failures', async () => {
    const cases: [Response, (actions: ReturnType<typeof useAlertActions>) => Promise<unknown>, string][] = [
      [conflict({ message: 'The alert is already resolved', state: 'resolved', acknowledgedBy: 'li.wei' }), (a) => a.resolve('a1'), 'The alert is already resolved'],
      [conflict({ message: 'The alert is resolved; reopen it first', state: 'resolved' }), (a) => a.assign('a1', 'boat-02'), 'The alert is resolved; reopen it first'],
      [conflict({ message: 'The alert is open, not resolved', state: 'open' }), (a) => a.reopen('a1'), 'The alert is Open, not resolved'],
      [new Response(JSON.stringify({ message: 'This needs the dispatcher role; you are operator', requiredRole: 'dispatcher' }), { status: 403 }), (a) => a.acknowledge('a1'), 'This needs the Dispatcher role'],
      [new Response('{}', { status: 404 }), (a) => a.acknowledge('a1'), 'The alert no longer exists'],
      [new Response('<html>', { status: 502 }), (a) => a.acknowledge('a1'), 'The server answered 502; try again'],
    ];
    for (const [response, step, text] of cases) {
      const actions = useAlertActions(undefined, fakeApi(() => response).fetchImpl);
      await step(actions);
      expect(failureText(actions.failure.value!)).toBe(text);
    }
    const offline = useAlertActions(undefined, (async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch);
    await offline.acknowledge('a1');
    expect(failureText(offline.failure.value!)).toBe('The step did not reach the server; try again');
    expect(offline.busy.value).toBeNull();
  });
});
