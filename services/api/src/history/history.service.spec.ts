import { beforeEach, describe, expect, it } from 'vitest';
import { AmbulanceState, TaskState, TruckKind } from '@urban-brain/proto';
import { decodeHistoryCursor } from './history-cursor';
import type { TracksQuery } from './history-query.schemas';
import type { ExportRange, HistoryReadingRow, HistoryRepository, KpiBucketRow, SampledReadingRow, StateRange, TracksRange } from './history.repository';
import { EXPORT_BATCH_SIZE, HistoryService } from './history.service';

// Same order as the primary key: entity, then time, then seq (times are fixed-width text, so they compare as text).
const keyOf = (r: { entityId: string; recordedAt: string; seq: number }) => `${r.entityId}|${r.recordedAt}|${String(r.seq + 1).padStart(11, '0')}`;

// A repository fake applying the SQL's keyset rules to readings held in memory.
class FakeHistoryRepository implements Pick<HistoryRepository, 'findTracks' | 'findSampledTracks' | 'findStateAt' | 'findExportBatch' | 'findKpis' | 'findKpisRolledUpTo'> {
  readonly exportCalls: ExportRange[] = [];
  kpiRows: KpiBucketRow[] = [];
  rolledUpTo: Date | null = null;
  constructor(private readonly rows: HistoryReadingRow[]) {}

  private window(range: { from: Date; to: Date; after: TracksRange['after'] }, ids?: string[]): HistoryReadingRow[] {
    const after = range.after;
    return this.rows
      .filter((r) => (!ids || ids.includes(r.entityId)) && new Date(r.recordedAt) >= range.from && new Date(r.recordedAt) < range.to)
      .filter((r) => !after || keyOf(r) > keyOf(after))
      .sort((a, b) => keyOf(a).localeCompare(keyOf(b)));
  }

  async findTracks(range: TracksRange): Promise<HistoryReadingRow[]> {
    return this.window(range, range.ids).slice(0, range.limit);
  }

  async findSampledTracks(range: TracksRange, everySeconds: number): Promise<SampledReadingRow[]> {
    const lastPerBucket = new Map<string, SampledReadingRow>();
    for (const row of this.window(range, range.ids)) {
      const bucketMs = Math.floor(new Date(row.recordedAt).getTime() / (everySeconds * 1000)) * everySeconds * 1000;
      const bucket = new Date(bucketMs).toISOString().replace('Z', '000Z');
      lastPerBucket.set(`${row.entityId}|${bucket}`, { ...row, bucket });
    }
    return [...lastPerBucket.values()].slice(0, range.limit);
  }

  async findStateAt(range: StateRange): Promise<HistoryReadingRow[]> {
    const lookbackStart = range.at.getTime() - range.lookbackSeconds * 1000;
    const last = new Map<string, HistoryReadingRow>();
    for (const row of [...this.rows].sort((a, b) => keyOf(a).localeCompare(keyOf(b)))) {
      const t = new Date(row.recordedAt).getTime();
      if (t <= range.at.getTime() && t > lookbackStart && row.entityId > (range.afterEntityId ?? '')) last.set(row.entityId, row);
    }
    return [...last.values()].slice(0, range.limit);
  }

  async findExportBatch(range: ExportRange): Promise<HistoryReadingRow[]> {
    this.exportCalls.push(range);
    return this.window(range).slice(0, range.limit);
  }

  async findKpis(): Promise<KpiBucketRow[]> {
    return this.kpiRows;
  }

  async findKpisRolledUpTo(): Promise<Date | null> {
    return this.rolledUpTo;
  }
}

const at = (second: number) => new Date(Date.UTC(2025, 4, 1, 0, 0, second)).toISOString().replace('Z', '000Z');
function reading(entityId: string, second: number, seq: number, overrides: Partial<HistoryReadingRow['properties']> = {}): HistoryReadingRow {
  return {
    entityId,
    recordedAt: at(second),
    seq,
    lon: 105 + second / 1000,
    lat: 29.5,
    properties: { speedKmh: 12.5, headingDeg: 90, loadKg: 1000, taskState: TaskState.SWEEPING, kind: TruckKind.SWEEPER, ...overrides },
  };
}

// truck-a reports at seconds 0..9 (two readings share second 5), truck-b at 0, 30, 65.
const ROWS = [
  ...Array.from({ length: 10 }, (_, i) => reading('truck-a', i, i + 1)),
  reading('truck-a', 5, 100),
  reading('truck-b', 65, 3),
  reading('truck-b', 0, 1),
  reading('truck-b', 30, 2),
];

const TRACKS: TracksQuery = {
  fleet: 'trucks',
  ids: ['truck-b', 'truck-a'],
  from: new Date('2025-05-01T00:00:00Z'),
  to: new Date('2025-05-01T00:02:00Z'),
  every: null,
  limit: 1000,
  shape: 'grouped',
  after: null,
};

async function pageAll(service: HistoryService, query: TracksQuery): Promise<string[]> {
  const seen: string[] = [];
  let after: TracksQuery['after'] = null;
  for (let page = 0; page < 50; page++) {
    const response = await service.findTracks({ ...query, after, shape: 'flat' });
    seen.push(...(response.points ?? []).map((p) => `${p.id}#${p.seq}`));
    if (response.nextCursor === null) return seen;
    after = decodeHistoryCursor(response.nextCursor);
  }
  throw new Error('paging never ended');
}

describe('HistoryService', () => {
  let repository: FakeHistoryRepository;
  let service: HistoryService;

  beforeEach(() => {
    repository = new FakeHistoryRepository(ROWS);
    service = new HistoryService(repository as unknown as HistoryRepository);
  });

  describe('findTracks', () => {
    it('groups by entity and names the enums', async () => {
      const response = await service.findTracks(TRACKS);
      expect(response.points).toBeUndefined();
      expect(response.tracks?.map((t) => [t.id, t.points.length])).toEqual([
        ['truck-a', 11],
        ['truck-b', 3],
      ]);
      expect(response.tracks?.[1]?.points[0]).toEqual({
        t: '2025-05-01T00:00:00.000Z',
        seq: 1,
        lon: 105,
        lat: 29.5,
        properties: { speedKmh: 12.5, headingDeg: 90, loadKg: 1000, taskState: 'SWEEPING', kind: 'SWEEPER' },
      });
      expect(response.nextCursor).toBeNull();
    });

    it('pages through every reading once, splitting between readings that share a time', async () => {
      const expected = (await service.findTracks({ ...TRACKS, shape: 'flat' })).points?.map((p) => `${p.id}#${p.seq}`);
      expect(expected).toHaveLength(14);
      for (const limit of [1, 3, 6, 13, 14]) expect(await pageAll(service, { ...TRACKS, limit }), `limit ${limit}`).toEqual(expected);
    });

    it('downsamples to one point per entity per bucket and pages a bucket at a time', async () => {
      const response = await service.findTracks({ ...TRACKS, every: 60, shape: 'flat' });
      expect(response.points?.map((p) => [p.id, p.seq, p.bucket])).toEqual([
        ['truck-a', 10, '2025-05-01T00:00:00.000Z'],
        ['truck-b', 2, '2025-05-01T00:00:00.000Z'],
        ['truck-b', 3, '2025-05-01T00:01:00.000Z'],
      ]);
      expect(await pageAll(service, { ...TRACKS, every: 60, limit: 1 })).toEqual(['truck-a#10', 'truck-b#2', 'truck-b#3']);
    });

    it('resumes a downsampled page at the start of the next bucket of the same entity', async () => {
      const response = await service.findTracks({ ...TRACKS, every: 60, limit: 2 });
      expect(decodeHistoryCursor(response.nextCursor ?? '')).toEqual({ scope: 'tracks:trucks:60', entityId: 'truck-b', recordedAt: '2025-05-01T00:01:00.000000Z', seq: -1 });
    });

    it('gives no cursor when the last page is exactly full', async () => {
      const response = await service.findTracks({ ...TRACKS, limit: 14 });
      expect(response.nextCursor).toBeNull();
    });
  });

  describe('findStateAt', () => {
    it("answers each entity's last reading within the lookback, and pages by entity", async () => {
      // At 00:11:00 truck-a (last at 00:00:09) is 651 s silent: past the 600 s lookback.
      const late = await service.findStateAt({ fleet: 'trucks', at: new Date('2025-05-01T00:11:00Z'), limit: 10, after: null });
      expect(late.entities.map((e) => [e.id, e.seq])).toEqual([['truck-b', 3]]);
      const first = await service.findStateAt({ fleet: 'trucks', at: new Date('2025-05-01T00:00:05Z'), limit: 1, after: null });
      expect(first.entities.map((e) => [e.id, e.seq])).toEqual([['truck-a', 100]]);
      expect(first.lookbackSeconds).toBe(600);
      const cursor = decodeHistoryCursor(first.nextCursor ?? '');
      expect(cursor?.scope).toBe('state:trucks:2025-05-01T00:00:05.000Z');
      const second = await service.findStateAt({ fleet: 'trucks', at: new Date('2025-05-01T00:00:05Z'), limit: 1, after: cursor });
      expect(second.entities.map((e) => [e.id, e.seq])).toEqual([['truck-b', 1]]);
      expect(second.nextCursor).toBeNull();
    });
  });

  describe('openExport', () => {
    const text = async (chunks: AsyncIterable<string>) => {
      let all = '';
      for await (const chunk of chunks) all += chunk;
      return all;
    };
    const WINDOW = { fleet: 'trucks' as const, from: new Date('2025-05-01T00:00:00Z'), to: new Date('2025-05-01T00:01:00Z') };

    it('writes CSV with a header, quoting what needs it', async () => {
      repository = new FakeHistoryRepository([reading('truck-a', 1, 1, { kind: TruckKind.COMPACTOR, taskState: 99 }), { ...reading('truck-b', 2, 7), properties: { loadKg: 'a "b", c' } }]);
      service = new HistoryService(repository as unknown as HistoryRepository);
      const file = await service.openExport({ ...WINDOW, format: 'csv' });
      expect(file.filename).toBe('urban-brain-trucks-20250501T000000Z-20250501T000100Z.csv');
      expect(file.contentType).toBe('text/csv; charset=utf-8');
      expect(await text(file.chunks)).toBe(
        'id,t,seq,lon,lat,speedKmh,headingDeg,loadKg,taskState,kind\r\n' +
          'truck-a,2025-05-01T00:00:01.000Z,1,105.001,29.5,12.5,90,1000,UNSPECIFIED,COMPACTOR\r\n' +
          'truck-b,2025-05-01T00:00:02.000Z,7,105.002,29.5,,,"a ""b"", c",,\r\n',
      );
    });

    it("writes ambulances with their own columns, the state by name and an empty call id as an empty field", async () => {
      const ambulance = (second: number, seq: number, state: AmbulanceState, callId: string): HistoryReadingRow => ({
        entityId: 'amb-03',
        recordedAt: at(second),
        seq,
        lon: 105.06,
        lat: 29.58,
        properties: { speedKmh: 62.5, headingDeg: 180, state, callId, stationId: 'station-2' },
      });
      repository = new FakeHistoryRepository([ambulance(1, 1, AmbulanceState.TO_SCENE, 'call-9'), ambulance(2, 2, AmbulanceState.AVAILABLE, '')]);
      service = new HistoryService(repository as unknown as HistoryRepository);
      const file = await service.openExport({ ...WINDOW, fleet: 'ambulances', format: 'csv' });
      expect(file.filename).toBe('urban-brain-ambulances-20250501T000000Z-20250501T000100Z.csv');
      expect(await text(file.chunks)).toBe(
        'id,t,seq,lon,lat,speedKmh,headingDeg,state,callId,stationId\r\n' +
          'amb-03,2025-05-01T00:00:01.000Z,1,105.06,29.58,62.5,180,TO_SCENE,call-9,station-2\r\n' +
          'amb-03,2025-05-01T00:00:02.000Z,2,105.06,29.58,62.5,180,AVAILABLE,,station-2\r\n',
      );
    });

    it('reads in batches, resuming after the last row of each, until a short batch', async () => {
      const many = Array.from({ length: EXPORT_BATCH_SIZE * 2 }, (_, i) => reading(`truck-${String(i % 3)}`, 1 + (i % 50), i));
      repository = new FakeHistoryRepository(many);
      service = new HistoryService(repository as unknown as HistoryRepository);
      const file = await service.openExport({ ...WINDOW, format: 'geojson' });
      // The first batch is read before the headers go out; 10,000 rows over 3 trucks end batches inside truck-1, then truck-2.
      expect(repository.exportCalls).toHaveLength(1);
      const collection = JSON.parse(await text(file.chunks)) as { type: string; features: { properties: { id: string; seq: number } }[] };
      expect(collection.type).toBe('FeatureCollection');
      expect(collection.features).toHaveLength(many.length);
      expect(new Set(collection.features.map((f) => `${f.properties.id}#${f.properties.seq}`)).size).toBe(many.length);
      expect(repository.exportCalls.map((c) => c.after?.entityId ?? null)).toEqual([null, 'truck-1', 'truck-2']);
    });

    it('writes an empty FeatureCollection for a silent window', async () => {
      const file = await service.openExport({ ...WINDOW, from: new Date('2025-06-01T00:00:00Z'), to: new Date('2025-06-01T01:00:00Z'), format: 'geojson' });
      expect(JSON.parse(await text(file.chunks))).toEqual({ type: 'FeatureCollection', features: [] });
    });
  });

  describe('findKpis', () => {
    it('lists the fleet metrics and each bucket with its start time, and where the roll-ups end', async () => {
      repository.rolledUpTo = new Date('2025-05-01T00:01:00Z');
      repository.kpiRows = [
        { bucket: '2025-05-01T00:00:00.000000Z', values: { events: 3, tripsEnded: 1, endedOutsideFences: 0, distinctBikes: 2, bikesOutsideFences: 1 } },
        { bucket: '2025-05-01T00:01:00.000000Z', values: { events: 0, tripsEnded: 0, endedOutsideFences: 0, distinctBikes: 0, bikesOutsideFences: 0 } },
      ];
      const series = await service.findKpis({ fleet: 'bikes', bucket: '1m', from: new Date('2025-05-01T00:00:30Z'), to: new Date('2025-05-01T00:02:00Z') });
      expect(series).toEqual({
        fleet: 'bikes',
        bucket: '1m',
        from: '2025-05-01T00:00:00.000Z',
        to: '2025-05-01T00:02:00.000Z',
        metrics: ['events', 'tripsEnded', 'endedOutsideFences', 'distinctBikes', 'bikesOutsideFences'],
        buckets: [
          { t: '2025-05-01T00:00:00.000Z', events: 3, tripsEnded: 1, endedOutsideFences: 0, distinctBikes: 2, bikesOutsideFences: 1 },
          { t: '2025-05-01T00:01:00.000Z', events: 0, tripsEnded: 0, endedOutsideFences: 0, distinctBikes: 0, bikesOutsideFences: 0 },
        ],
        // The second minute is not rolled up yet: its zeros are not a quiet minute.
        rolledUpTo: '2025-05-01T00:01:00.000Z',
      });
    });
  });
});
