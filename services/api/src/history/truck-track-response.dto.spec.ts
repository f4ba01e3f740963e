import { TaskState, TruckKind } from '@urban-brain/proto';
import { describe, expect, it } from 'vitest';
import type { HistoryReadingRow, HistoryRepository, TracksRange } from './history.repository';
import { HistoryService } from './history.service';
import { parseTruckTrackQuery } from './truck-track-query.schema';
import { type TruckTrackResponseDto, toTruckTrackResponse } from './truck-track-response.dto';

// The alias end to end short of HTTP and SQL: its query, the history service, its answer.
// The fake applies the tracks SQL's keyset rules (entity, time, seq) to readings held in memory.
const keyOf = (r: { entityId: string; recordedAt: string; seq: number }) => `${r.entityId}|${r.recordedAt}|${String(r.seq + 1).padStart(11, '0')}`;

class FakeTracksRepository implements Pick<HistoryRepository, 'findTracks'> {
  constructor(private readonly rows: HistoryReadingRow[]) {}

  async findTracks(range: TracksRange): Promise<HistoryReadingRow[]> {
    const after = range.after;
    return this.rows
      .filter((r) => range.ids.includes(r.entityId) && new Date(r.recordedAt) >= range.from && new Date(r.recordedAt) < range.to)
      .filter((r) => !after || keyOf(r) > keyOf(after))
      .sort((a, b) => keyOf(a).localeCompare(keyOf(b)))
      .slice(0, range.limit);
  }
}

function reading(truckId: string, second: number, seq: number, properties: Partial<Record<string, unknown>> = {}): HistoryReadingRow {
  return {
    entityId: truckId,
    recordedAt: `2025-05-01T00:00:${String(second).padStart(2, '0')}.000000Z`,
    seq,
    lon: 105.05 + second / 1000,
    lat: 29.58,
    properties: { speedKmh: 12.5, headingDeg: 90, loadKg: 1000, taskState: TaskState.SWEEPING, kind: TruckKind.SWEEPER, ...properties },
  };
}

// Two readings share second 3 (seq 3 and 4): pages must split and resume between them correctly.
const ROWS = [reading('truck-1', 5, 6), reading('truck-1', 1, 1), reading('truck-1', 3, 4), reading('truck-1', 2, 2), reading('truck-1', 3, 3), reading('truck-1', 4, 5)];
const WINDOW = { from: '2025-05-01T00:00:00Z', to: '2025-05-01T00:01:00Z' };

async function truckTrack(rows: HistoryReadingRow[], truckId: string, query: Record<string, string>): Promise<TruckTrackResponseDto> {
  const service = new HistoryService(new FakeTracksRepository(rows) as unknown as HistoryRepository);
  return toTruckTrackResponse(truckId, await service.findTracks(parseTruckTrackQuery(truckId, query)));
}

describe('the GET /trucks/{truckId}/track alias', () => {
  it('answers the window as it always has: points with the truck fields inline, oldest first, no next page', async () => {
    const page = await truckTrack([...ROWS, reading('truck-2', 1, 1)], 'truck-1', WINDOW);
    expect(Object.keys(page)).toEqual(['truckId', 'from', 'to', 'points', 'nextCursor']);
    expect(page).toMatchObject({ truckId: 'truck-1', from: '2025-05-01T00:00:00.000Z', to: '2025-05-01T00:01:00.000Z', nextCursor: null });
    expect(page.points.map((p) => p.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(page.points[0]).toEqual({
      t: '2025-05-01T00:00:01.000Z',
      seq: 1,
      lon: 105.051,
      lat: 29.58,
      speedKmh: 12.5,
      headingDeg: 90,
      loadKg: 1000,
      taskState: 'SWEEPING',
      kind: 'SWEEPER',
    });
    expect(Object.keys(page.points[0] ?? {})).toEqual(['t', 'seq', 'lon', 'lat', 'speedKmh', 'headingDeg', 'loadKg', 'taskState', 'kind']);
  });

  it('pages through every reading once, in order, ending with a null cursor', async () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    for (let pageNo = 0; pageNo < 10; pageNo++) {
      const page: TruckTrackResponseDto = await truckTrack(ROWS, 'truck-1', { ...WINDOW, limit: '3', ...(cursor ? { cursor } : {}) });
      seen.push(...page.points.map((p) => p.seq));
      cursor = page.nextCursor;
      if (cursor === null) break;
    }
    expect(seen).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('gives no cursor when the last page is exactly full', async () => {
    const page = await truckTrack(ROWS, 'truck-1', { ...WINDOW, limit: '6' });
    expect(page.points).toHaveLength(6);
    expect(page.nextCursor).toBeNull();
  });

  it('answers a silent truck with an empty page', async () => {
    expect(await truckTrack(ROWS, 'truck-9', WINDOW)).toEqual({
      truckId: 'truck-9',
      from: '2025-05-01T00:00:00.000Z',
      to: '2025-05-01T00:01:00.000Z',
      points: [],
      nextCursor: null,
    });
  });

  it('names each task state and kind the way the proto does', async () => {
    const rows = [
      reading('truck-1', 1, 1, { taskState: TaskState.TO_TRANSFER_STATION, kind: TruckKind.COMPACTOR }),
      reading('truck-1', 2, 2, { taskState: 99, kind: 42 }),
    ];
    const page = await truckTrack(rows, 'truck-1', WINDOW);
    expect(page.points.map((p) => [p.taskState, p.kind])).toEqual([
      ['TO_TRANSFER_STATION', 'COMPACTOR'],
      ['UNSPECIFIED', 'UNSPECIFIED'],
    ]);
  });
});
