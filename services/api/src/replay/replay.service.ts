import { create } from '@bufbuild/protobuf';
import { Injectable } from '@nestjs/common';
import {
  encodeLiveFrameRecord,
  LiveFrameSchema,
  REPLAY_CHUNK_MAX_S,
  type ReplayAlert,
  type ReplayAlertsQuery,
  type ReplayAlertsResponse,
  type ReplayFramesQuery,
  type ReplayLayer,
  type ReplayRangeResponse,
  type ReplayTimelineQuery,
  type ReplayTimelineResponse,
} from '@urban-brain/proto';
import { HistoryRepository } from '../history/history.repository';
import { CorridorLayerPlayer } from './corridor-layer.player';
import { PositionLayerPlayer } from './position-layer.player';
import type { ReplayLayerPlayer } from './replay-layer-player';
import { type LayerFrameFields, REPLAY_POSITION_LAYERS } from './replay-position-layers';
import { ReplayRepository, type StoredAlertRow } from './replay.repository';

// Replay time read from the database per query: a minute of the whole city is a few ten thousand rows,
// so a 900 s chunk streams in bounded memory instead of being built whole.
const READ_BATCH_MS = 60_000;
// Alerts one window answers at most (a week of a noisy city stays far below).
const ALERTS_MAX = 20_000;
const SEVERITY_NAMES = ['info', 'info', 'warning', 'critical'] as const;

@Injectable()
export class ReplayService {
  constructor(
    private readonly history: HistoryRepository,
    private readonly replay: ReplayRepository,
  ) {}

  /**
   * The frames of a window as length-prefixed records. The snapshot is read before this returns, so a
   * database failure is still an HTTP error; the steps are read batch by batch as the client drains them.
   */
  async openFrames(query: ReplayFramesQuery): Promise<AsyncIterable<Uint8Array>> {
    const players = query.layers.map((layer) => this.playerOf(layer));
    await Promise.all(players.map((player) => player.load(query.from)));
    const fromMs = query.from.getTime();
    const snapshot = frameRecord(1, fromMs, true, players.map((player) => player.snapshotFields()));
    return steps(players, snapshot, fromMs, query.to.getTime(), query.stepMs);
  }

  async range({ nowMs, maxAgeDays }: { nowMs: number; maxAgeDays: number }): Promise<ReplayRangeResponse> {
    const { earliest, latest } = await this.replay.findRange(new Date(nowMs - maxAgeDays * 86_400_000));
    return { earliest: earliest?.toISOString() ?? null, latest: latest?.toISOString() ?? null, maxAgeDays, maxChunkS: REPLAY_CHUNK_MAX_S };
  }

  async timeline(query: ReplayTimelineQuery): Promise<ReplayTimelineResponse> {
    const bucketS = (query.to.getTime() - query.from.getTime()) / 1000 / query.buckets;
    const [events, alerts] = await Promise.all([this.replay.countEvents(query.from, query.to, bucketS), this.replay.countAlertsRaised(query.from, query.to, bucketS)]);
    const series = (counts: Map<number, number>) => Array.from({ length: query.buckets }, (_, i) => counts.get(i) ?? 0);
    return { from: query.from.toISOString(), to: query.to.toISOString(), bucketS, events: series(events), alerts: series(alerts) };
  }

  async alerts(query: ReplayAlertsQuery): Promise<ReplayAlertsResponse> {
    return { alerts: (await this.replay.findAlertsIn(query.from, query.to, ALERTS_MAX)).map(toReplayAlert) };
  }

  private playerOf(layer: ReplayLayer): ReplayLayerPlayer {
    const positions = REPLAY_POSITION_LAYERS.find((entry) => entry.layer === layer);
    return positions ? new PositionLayerPlayer(positions, this.history, this.replay) : new CorridorLayerPlayer(this.replay);
  }
}

async function* steps(players: ReplayLayerPlayer[], snapshot: Uint8Array, fromMs: number, toMs: number, stepMs: number): AsyncGenerator<Uint8Array> {
  yield snapshot;
  let frameSeq = 2;
  // A whole number of steps per batch, so step ends fall on from + k * stepMs.
  const batchMs = Math.max(1, Math.floor(READ_BATCH_MS / stepMs)) * stepMs;
  for (let batchStart = fromMs; batchStart < toMs; batchStart += batchMs) {
    const batchEnd = Math.min(batchStart + batchMs, toMs);
    await Promise.all(players.map((player) => player.read(new Date(batchStart), new Date(batchEnd))));
    for (let end = Math.min(batchStart + stepMs, batchEnd); ; end = Math.min(end + stepMs, batchEnd)) {
      yield frameRecord(frameSeq++, end, false, players.map((player) => player.stepFields(end)));
      if (end >= batchEnd) break;
    }
  }
}

function frameRecord(frameSeq: number, sentAtMs: number, snapshot: boolean, layers: LayerFrameFields[]): Uint8Array {
  return encodeLiveFrameRecord(create(LiveFrameSchema, Object.assign({ frameSeq, sentAtMs, snapshot }, ...layers)));
}

function toReplayAlert(row: StoredAlertRow): ReplayAlert {
  return {
    id: row.id,
    rule: row.rule,
    fleet: row.fleet,
    entityId: row.entity_id,
    severity: SEVERITY_NAMES[row.severity] ?? 'info',
    title: { en: row.title, zh: row.title_zh || row.title },
    raisedAt: row.raised_at.toISOString(),
    resolvedAt: row.resolved_at?.toISOString() ?? null,
    lon: row.lon,
    lat: row.lat,
  };
}
