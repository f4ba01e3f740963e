import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from './database-unavailable.util';

const withCode = (code: string, message = 'failed') => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it.each([
    ['connection refused', withCode('ECONNREFUSED')],
    ['connection failure SQLSTATE', withCode('08006')],
    ['too many connections', withCode('53300')],
    ['admin shutdown', withCode('57P01')],
    ['server starting up', withCode('57P03')],
    ['dropped connection', new Error('Connection terminated unexpectedly')],
    ['pool wait timeout', new Error('timeout exceeded when trying to connect')],
  ])('is true for %s', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['syntax error', withCode('42601')],
    ['undefined table', withCode('42P01')],
    ['query canceled', withCode('57014')],
    ['not an Error', 'ECONNREFUSED'],
  ])('is false for %s', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
