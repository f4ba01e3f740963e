import { Injectable } from '@nestjs/common';
import { encodeHistoryCursor } from './history-cursor';
import { POSITION_HISTORY, type PositionFleet } from './history-fleet';
import { type ExportQuery, KPI_BUCKETS, type KpisQuery, type StateQuery, stateCursorScope, type TracksQuery, tracksCursorScope } from './history-query.schemas';
import { type EntityTrackDto, type HistoryPointDto, KPI_METRICS, type KpiSeriesResponseDto, type StateResponseDto, type TracksResponseDto } from './history-response.dto';
import { type HistoryReadingRow, HistoryRepository, type SampledReadingRow } from './history.repository';

// Rows per export read: large enough that round trips do not dominate, small enough to hold in memory.
export const EXPORT_BATCH_SIZE = 5000;

/** An export ready to stream: headers first, then the body in chunks as the batches are read. */
export interface HistoryExport {
  filename: string;
  contentType: string;
  chunks: AsyncIterable<string>;
}

@Injectable()
export class HistoryService {
  constructor(private readonly history: HistoryRepository) {}

  /** One page of the entities' tracks, every reading or the last one per `every` bucket. */
  async findTracks(query: TracksQuery): Promise<TracksResponseDto> {
    const range = { fleet: query.fleet, ids: query.ids, from: query.from, to: query.to, after: query.after, limit: query.limit + 1 };
    // One row more than asked says whether another page exists, without a COUNT.
    const rows: (HistoryReadingRow | SampledReadingRow)[] = query.every ? await this.history.findSampledTracks(range, query.every) : await this.history.findTracks(range);
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    let nextCursor: string | null = null;
    if (rows.length > query.limit && last) {
      // A downsampled page resumes at the next bucket of the same entity: the rest of this bucket is already represented.
      const resume =
        query.every && 'bucket' in last
          ? { recordedAt: exactIso(new Date(new Date(last.bucket).getTime() + query.every * 1000)), seq: -1 }
          : { recordedAt: last.recordedAt, seq: last.seq };
      nextCursor = encodeHistoryCursor({ scope: tracksCursorScope(query.fleet, query.every), entityId: last.entityId, ...resume });
    }
    const points = page.map((row) => toPoint(query.fleet, row));
    const response: TracksResponseDto = {
      fleet: query.fleet,
      from: query.from.toISOString(),
      to: query.to.toISOString(),
      every: query.every,
      shape: query.shape,
      nextCursor,
    };
    if (query.shape === 'flat') response.points = points;
    else response.tracks = groupByEntity(points);
    return response;
  }

  /** The fleet's KPI series with every bucket present. */
  async findKpis(query: KpisQuery): Promise<KpiSeriesResponseDto> {
    const bucketSeconds = KPI_BUCKETS[query.bucket].seconds;
    const [rows, rolledUpTo] = await Promise.all([
      this.history.findKpis(query.fleet, bucketSeconds, query.from, query.to),
      this.history.findKpisRolledUpTo(query.fleet, bucketSeconds),
    ]);
    const firstBucket = Math.floor(query.from.getTime() / (bucketSeconds * 1000)) * bucketSeconds * 1000;
    return {
      fleet: query.fleet,
      bucket: query.bucket,
      from: new Date(rows[0] ? new Date(rows[0].bucket).getTime() : firstBucket).toISOString(),
      to: query.to.toISOString(),
      metrics: [...KPI_METRICS[query.fleet]],
      buckets: rows.map((row) => ({ t: new Date(row.bucket).toISOString(), ...row.values })),
      rolledUpTo: rolledUpTo?.toISOString() ?? null,
    };
  }

  /** Every entity's last reading at or before `at`, within the fleet's lookback: what replay shows after a seek. */
  async findStateAt(query: StateQuery): Promise<StateResponseDto> {
    const lookbackSeconds = POSITION_HISTORY[query.fleet].stateLookbackSeconds;
    const rows = await this.history.findStateAt({
      fleet: query.fleet,
      at: query.at,
      lookbackSeconds,
      afterEntityId: query.after?.entityId ?? null,
      limit: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    const nextCursor =
      rows.length > query.limit && last
        ? encodeHistoryCursor({ scope: stateCursorScope(query.fleet, query.at), entityId: last.entityId, recordedAt: last.recordedAt, seq: last.seq })
        : null;
    return { fleet: query.fleet, at: query.at.toISOString(), lookbackSeconds, entities: page.map((row) => toPoint(query.fleet, row)), nextCursor };
  }

  /**
   * Opens an export of the window. The first batch is read before this resolves, so a database that
   * cannot answer is still a 503 rather than a response cut off after its headers.
   */
  async openExport(query: ExportQuery): Promise<HistoryExport> {
    const range = { fleet: query.fleet, from: query.from, to: query.to, after: null, limit: EXPORT_BATCH_SIZE };
    const first = await this.history.findExportBatch(range);
    const history = this.history;
    async function* batches(): AsyncGenerator<HistoryPointDto[]> {
      let batch = first;
      for (;;) {
        yield batch.map((row) => toPoint(query.fleet, row));
        const last = batch.at(-1);
        if (batch.length < EXPORT_BATCH_SIZE || !last) return;
        batch = await history.findExportBatch({ ...range, after: { entityId: last.entityId, recordedAt: last.recordedAt, seq: last.seq } });
      }
    }
    const stamp = (time: Date) => time.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
    const filename = `urban-brain-${query.fleet}-${stamp(query.from)}-${stamp(query.to)}.${query.format}`;
    return query.format === 'csv'
      ? { filename, contentType: 'text/csv; charset=utf-8', chunks: csvChunks(query.fleet, batches()) }
      : { filename, contentType: 'application/geo+json; charset=utf-8', chunks: geoJsonChunks(batches()) };
  }
}

function toPoint(fleet: PositionFleet, row: HistoryReadingRow | SampledReadingRow): HistoryPointDto {
  const properties: Record<string, unknown> = {};
  for (const { name, enumNames } of POSITION_HISTORY[fleet].properties) {
    const value = row.properties[name] ?? null;
    // Ingest refuses unknown enum values, so the fallback only guards rows written some other way.
    properties[name] = enumNames && typeof value === 'number' ? (enumNames.get(value) ?? 'UNSPECIFIED') : value;
  }
  const point: HistoryPointDto = { id: row.entityId, t: new Date(row.recordedAt).toISOString(), seq: row.seq, lon: row.lon, lat: row.lat, properties };
  if ('bucket' in row) point.bucket = new Date(row.bucket).toISOString();
  return point;
}

// Rows arrive ordered by entity, so each entity's points are consecutive.
function groupByEntity(points: HistoryPointDto[]): EntityTrackDto[] {
  const tracks: EntityTrackDto[] = [];
  for (const { id, ...sample } of points) {
    const current = tracks.at(-1);
    if (current?.id === id) current.points.push(sample);
    else tracks.push({ id, points: [sample] });
  }
  return tracks;
}

/** ISO text with microseconds, the form cursors carry. */
function exactIso(time: Date): string {
  return time.toISOString().replace('Z', '000Z');
}

const CSV_NEEDS_QUOTES = /[",\r\n]/;
function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return CSV_NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

async function* csvChunks(fleet: PositionFleet, batches: AsyncIterable<HistoryPointDto[]>): AsyncGenerator<string> {
  const properties = POSITION_HISTORY[fleet].properties.map((property) => property.name);
  yield `${['id', 't', 'seq', 'lon', 'lat', ...properties].join(',')}\r\n`;
  for await (const batch of batches) {
    if (batch.length === 0) continue;
    yield batch.map((p) => `${[p.id, p.t, p.seq, p.lon, p.lat, ...properties.map((name) => p.properties[name])].map(csvField).join(',')}\r\n`).join('');
  }
}

async function* geoJsonChunks(batches: AsyncIterable<HistoryPointDto[]>): AsyncGenerator<string> {
  yield '{"type":"FeatureCollection","features":[';
  let first = true;
  for await (const batch of batches) {
    if (batch.length === 0) continue;
    const features = batch.map((p) =>
      JSON.stringify({ type: 'Feature', geometry: { type: 'Point', coordinates: [p.lon, p.lat] }, properties: { id: p.id, t: p.t, seq: p.seq, ...p.properties } }),
    );
    yield (first ? '' : ',') + features.join(',');
    first = false;
  }
  yield ']}\n';
}
