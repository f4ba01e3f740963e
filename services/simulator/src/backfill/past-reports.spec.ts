import { describe, expect, it } from 'vitest';
import { backfillWindowOf, cityMidnightOf } from './backfill-window';
import { PastReports } from './past-reports';

interface Fix {
  device: string;
  seq: number;
}
const seq = { deviceOf: (f: Fix) => f.device, seqOf: (f: Fix) => f.seq, setSeq: (f: Fix, s: number) => (f.seq = s) };

describe('PastReports', () => {
  it('keeps every 5th second and the last second of each minute, and renumbers without gaps into the live', () => {
    const reports = new PastReports<Fix>(seq, 5_000);
    const t0 = Date.UTC(2026, 0, 1);
    const kept: number[] = [];
    let n = 0;
    for (let s = 0; s < 120; s++) {
      const out = reports.past([{ device: 'a', seq: ++n }], t0 + s * 1000);
      kept.push(...out.map((f) => f.seq));
      if (out.length) expect(s % 5 === 0 || s % 60 === 59).toBe(true);
    }
    expect(kept).toEqual(Array.from({ length: 26 }, (_, i) => i + 1));
    expect(reports.live([{ device: 'a', seq: ++n }])).toEqual([{ device: 'a', seq: 27 }]);
  });

  it('sends nothing of the warm-up and starts the seq at 1 after it', () => {
    const reports = new PastReports<Fix>(seq, 1_000);
    expect(reports.past([{ device: 'a', seq: 1 }], 0, true)).toEqual([]);
    expect(reports.past([{ device: 'a', seq: 2 }], 1000)).toEqual([{ device: 'a', seq: 1 }]);
  });

  it('keeps every message of an event fleet', () => {
    const reports = new PastReports<Fix>(null, 5_000);
    expect(reports.past([{ device: 'a', seq: 9 }], 1_000)).toEqual([{ device: 'a', seq: 9 }]);
  });
});

describe('backfillWindowOf', () => {
  const to = Date.parse('2026-12-03T11:17:00.400Z'); // 19:17 in Neijiang
  it('starts today at the city midnight', () => {
    expect(backfillWindowOf('today', to)).toEqual({ fromMs: Date.parse('2026-12-02T16:00:00Z'), toMs: Date.parse('2026-12-03T11:17:00Z') });
    expect(cityMidnightOf(Date.parse('2026-12-02T16:00:00Z'))).toBe(Date.parse('2026-12-02T16:00:00Z'));
  });
  it('takes N calendar days or N hours, and off', () => {
    expect(backfillWindowOf('7d', to)!.fromMs).toBe(Date.parse('2026-11-26T16:00:00Z'));
    expect(backfillWindowOf('2h', to)!.fromMs).toBe(Date.parse('2026-12-03T09:17:00Z'));
    expect(backfillWindowOf('off', to)).toBeNull();
    expect(() => backfillWindowOf('yesterday', to)).toThrow(/SIM_BACKFILL/);
  });
});
