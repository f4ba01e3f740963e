import { beforeEach, describe, expect, it } from 'vitest';
import { TaskState, TruckKind } from '@urban-brain/proto';
import { decodeTrackCursor } from './track-cursor';
import type { TrackQuery } from './track-query.dto';
import type { TrackRange, TrucksRepository, TruckReadingRow } from './trucks.repository';
import { TrucksService } from './trucks.service';

// A repository fake that applies the same keyset rules as the SQL to an in-memory track.
class FakeTrucksRepository implements Pick<TrucksRepository, 'findTrack'> {
  readonly calls: TrackRange[] = [];
  constructor(private readonly rows: TruckReadingRow[]) {}

  async findTrack(range: TrackRange): Promise<TruckReadingRow[]> {
    this.calls.push(range);
    const key = (r: { recordedAt: string; seq: number }) => `${r.recordedAt}|${String(r.seq).padStart(10, '0')}`;
    return this.rows
      .filter((r) => new Date(r.recordedAt) >= range.from && new Date(r.recordedAt) < range.to)
      .filter((r) => !range.after || key(r) > key(range.after))
      .sort((a, b) => key(a).localeCompare(key(b)))
      .slice(0, range.limit);
  }
}

function row(second: number, seq: number, overrides: Partial<TruckReadingRow> = {}): TruckReadingRow {
  return {
    recordedAt: `2025-05-01T00:00:${String(second).padStart(2, '0')}.000000Z`,
    seq,
    lon: 105.05 + second / 1000,
    lat: 29.58,
    speedKmh: 12.5,
    headingDeg: 90,
    loadKg: 1000,
    taskState: TaskState.SWEEPING,
    kind: TruckKind.SWEEPER,
    ...overrides,
  };
}

const QUERY: TrackQuery = {
  truckId: 'truck-1',
  from: new Date('2025-05-01T00:00:00Z'),
  to: new Date('2025-05-01T00:01:00Z'),
  limit: 1000,
  after: null,
};

describe('TrucksService.findTrack', () => {
  let repository: FakeTrucksRepository;
  let service: TrucksService;

  beforeEach(() => {
    // Two readings share second 3 (seq 3 and 4): pages must split and resume between them correctly.
    repository = new FakeTrucksRepository([row(5, 6), row(1, 1), row(3, 4), row(2, 2), row(3, 3), row(4, 5)]);
    service = new TrucksService(repository as unknown as TrucksRepository);
  });

  it('returns the window as API points, oldest first, with no next page', async () => {
    const page = await service.findTrack(QUERY);
    expect(page.truckId).toBe('truck-1');
    expect(page.from).toBe('2025-05-01T00:00:00.000Z');
    expect(page.to).toBe('2025-05-01T00:01:00.000Z');
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
    expect(page.nextCursor).toBeNull();
  });

  it('asks the repository for one row more than the limit', async () => {
    await service.findTrack({ ...QUERY, limit: 4 });
    expect(repository.calls[0]?.limit).toBe(5);
  });

  it('pages through every reading once, in order, ending with a null cursor', async () => {
    const seen: number[] = [];
    let after: TrackQuery['after'] = null;
    for (let pageNo = 0; pageNo < 10; pageNo++) {
      const page = await service.findTrack({ ...QUERY, limit: 3, after });
      seen.push(...page.points.map((p) => p.seq));
      if (page.nextCursor === null) break;
      const cursor = decodeTrackCursor(page.nextCursor);
      expect(cursor?.truckId).toBe('truck-1');
      after = cursor?.after ?? null;
    }
    expect(seen).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('gives no cursor when the last page is exactly full', async () => {
    const page = await service.findTrack({ ...QUERY, limit: 6 });
    expect(page.points).toHaveLength(6);
    expect(page.nextCursor).toBeNull();
  });

  it('answers a silent truck with an empty page', async () => {
    const page = await service.findTrack({ ...QUERY, from: new Date('2025-05-02T00:00:00Z'), to: new Date('2025-05-02T01:00:00Z') });
    expect(page.points).toEqual([]);
    expect(page.nextCursor).toBeNull();
  });

  it('names each task state and kind the way the proto does', async () => {
    repository = new FakeTrucksRepository([
      row(1, 1, { taskState: TaskState.TO_TRANSFER_STATION, kind: TruckKind.COMPACTOR }),
      row(2, 2, { taskState: 99, kind: 42 }),
    ]);
    service = new TrucksService(repository as unknown as TrucksRepository);
    const page = await service.findTrack(QUERY);
    expect(page.points.map((p) => [p.taskState, p.kind])).toEqual([
      ['TO_TRANSFER_STATION', 'COMPACTOR'],
      ['UNSPECIFIED', 'UNSPECIFIED'],
    ]);
  });
});
