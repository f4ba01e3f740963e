import { describe, expect, it } from 'vitest';
import { ColumnTable } from './column-table';

const columns = (rows: { lon: number; inFence: boolean }[]) => ({ lon: rows.map((r) => r.lon), inFence: rows.map((r) => r.inFence) });

describe('ColumnTable', () => {
  it('takes a snapshot, merges deltas, and stores booleans as 0/1', () => {
    const table = new ColumnTable(['lon', 'inFence'] as const);
    table.apply(false, [], ['B-1', 'B-2'], columns([{ lon: 105.1, inFence: true }, { lon: 105.2, inFence: false }]));
    table.apply(false, [], ['B-2', 'B-3'], columns([{ lon: 105.25, inFence: true }, { lon: 105.3, inFence: false }]));
    expect(table.size).toBe(3);
    expect(table.at('lon', table.row('B-2')!)).toBe(105.25);
    expect(table.at('inFence', table.row('B-2')!)).toBe(1);
    expect(table.at('inFence', table.row('B-3')!)).toBe(0);
    table.apply(true, [], ['B-9'], columns([{ lon: 105.9, inFence: true }]));
    expect(table.ids).toEqual(['B-9']);
  });

  it('removes ids by moving the last row into the hole, all columns with it', () => {
    const table = new ColumnTable(['lon', 'inFence'] as const);
    table.apply(true, [], ['A', 'B', 'C'], columns([{ lon: 1, inFence: false }, { lon: 2, inFence: false }, { lon: 3, inFence: true }]));
    table.apply(false, ['A', 'unknown'], [], undefined);
    expect(table.ids).toEqual(['C', 'B']);
    expect(table.at('lon', table.row('C')!)).toBe(3);
    expect(table.at('inFence', table.row('C')!)).toBe(1);
    expect(table.has('A')).toBe(false);
  });

  it('grows past its initial capacity without losing rows', () => {
    const table = new ColumnTable(['lon', 'inFence'] as const, [], 4);
    const rows = Array.from({ length: 1000 }, (_, i) => ({ lon: i, inFence: i % 2 === 0 }));
    table.apply(true, [], rows.map((_, i) => `B-${i}`), columns(rows));
    expect(table.size).toBe(1000);
    expect(table.at('lon', table.row('B-999')!)).toBe(999);
    expect(table.at('inFence', table.row('B-998')!)).toBe(1);
  });

  it('keeps text columns row for row with the numbers, through upserts, removals and snapshots', () => {
    const table = new ColumnTable(['lon'] as const, ['callIds', 'stationIds'] as const);
    const source = (rows: { lon: number; call: string; station: string }[]) => ({
      lon: rows.map((r) => r.lon),
      callIds: rows.map((r) => r.call),
      stationIds: rows.map((r) => r.station),
    });
    table.apply(true, [], ['A', 'B', 'C'], source([
      { lon: 1, call: 'CALL-1', station: 'S-1' },
      { lon: 2, call: '', station: 'S-2' },
      { lon: 3, call: 'CALL-3', station: 'S-3' },
    ]));
    table.apply(false, ['A'], ['B'], source([{ lon: 2.5, call: 'CALL-2', station: 'S-2' }]));
    const read = (id: string) => {
      const row = table.row(id)!;
      return [table.at('lon', row), table.textAt('callIds', row), table.textAt('stationIds', row)];
    };
    // C moved into A's row with its texts; B's call was set by the delta.
    expect(table.ids).toEqual(['C', 'B']);
    expect(read('C')).toEqual([3, 'CALL-3', 'S-3']);
    expect(read('B')).toEqual([2.5, 'CALL-2', 'S-2']);
    expect(table.texts.callIds).toHaveLength(2);
    table.apply(true, [], ['D'], source([{ lon: 4, call: '', station: 'S-4' }]));
    expect(read('D')).toEqual([4, '', 'S-4']);
    expect(table.texts.stationIds).toEqual(['S-4']);
  });
});
