import { describe, expect, it } from 'vitest';
import { detailText, stampText } from './admin-format';

describe('admin page formats', () => {
  it('writes an instant in city time (UTC+8), sortable', () => {
    expect(stampText('2026-12-04T08:05:09.000Z')).toBe('2026-12-04 16:05:09');
    expect(stampText('2026-12-31T16:00:00Z')).toBe('2027-01-01 00:00:00');
    expect(stampText(null)).toBeNull();
    expect(stampText('not a date')).toBeNull();
  });

  it('puts an audit detail on one line', () => {
    expect(detailText({ role: 'engineer', disabled: true, fields: ['role'] })).toBe('role: engineer · disabled: true · fields: ["role"]');
    expect(detailText({})).toBe('');
    expect(detailText(null)).toBe('');
  });
});
