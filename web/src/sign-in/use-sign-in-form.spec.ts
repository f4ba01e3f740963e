import { shallowRef } from 'vue';
import { afterEach, describe, expect, it } from 'vitest';
import type { SignInOutcome } from '../auth/session.store';
import { applyLocale } from '../i18n/strings';
import { signInProblemText, useSignInForm } from './use-sign-in-form';

const NOW = Date.parse('2026-12-04T08:00:00Z');

function formAnswering(...outcomes: SignInOutcome[]) {
  const tries: [string, string][] = [];
  const now = shallowRef(NOW);
  const form = useSignInForm(
    async (username, password) => {
      tries.push([username, password]);
      return outcomes.shift()!;
    },
    now,
    () => now.value,
  );
  return { form, tries, now };
}

describe('the sign-in form', () => {
  afterEach(() => applyLocale('en'));

  it('asks for both fields before calling the api', async () => {
    const { form, tries } = formAnswering();
    form.username.value = 'li.wei';
    expect(await form.submit()).toBe(false);
    expect(form.problemText.value).toBe('Enter a username and a password');
    expect(tries).toEqual([]);
  });

  it('says "wrong username or password" plainly, keeping the username and clearing the password', async () => {
    const { form, tries } = formAnswering({ ok: false, reason: 'bad-credentials' }, { ok: true });
    form.username.value = ' li.wei ';
    form.password.value = 'guess';
    expect(await form.submit()).toBe(false);
    expect(form.problemText.value).toBe('Wrong username or password');
    expect(form.username.value).toBe(' li.wei ');
    expect(form.password.value).toBe('');
    form.password.value = 'right';
    expect(await form.submit()).toBe(true);
    expect(form.problem.value).toBeNull();
    expect(tries).toEqual([
      ['li.wei', 'guess'],
      ['li.wei', 'right'],
    ]);
  });

  it('counts a throttle down and holds the button until it ends', async () => {
    const { form, now, tries } = formAnswering({ ok: false, reason: 'throttled', retryAfterS: 30 });
    form.username.value = 'li.wei';
    form.password.value = 'guess';
    await form.submit();
    expect(form.problemText.value).toBe('Too many failed attempts, try again in 30 s');
    expect(form.held.value).toBe(true);
    now.value = NOW + 12_500;
    expect(form.problemText.value).toBe('Too many failed attempts, try again in 18 s');
    form.password.value = 'again';
    expect(await form.submit()).toBe(false);
    expect(tries).toHaveLength(1);
    now.value = NOW + 30_000;
    expect(form.held.value).toBe(false);
    expect(form.problemText.value).toBe('Too many failed attempts, try again now');
  });

  it('says the server is unreachable without losing what was typed', async () => {
    const { form } = formAnswering({ ok: false, reason: 'unavailable', detail: 'connect ECONNREFUSED' });
    form.username.value = 'li.wei';
    form.password.value = 'pw';
    await form.submit();
    expect(form.problemText.value).toBe('The server cannot be reached; try again in a moment');
    expect(form.password.value).toBe('pw');
  });

  it('speaks Chinese too', () => {
    applyLocale('zh-CN');
    expect(signInProblemText({ kind: 'bad-credentials' }, NOW)).toBe('用户名或密码错误');
    expect(signInProblemText({ kind: 'throttled', untilMs: NOW + 5_000 }, NOW)).toBe('失败次数过多，请 5 秒后再试');
  });
});
