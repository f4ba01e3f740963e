import type { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import {
  REPLAY_CHUNK_MAX_S,
  REPLAY_FRAMES_CONTENT_TYPE,
  REPLAY_MAX_AGE_DAYS,
  replayAlertsQuerySchema,
  replayAlertsResponseSchema,
  replayFramesQuerySchema,
  replayRangeResponseSchema,
  replayTimelineQuerySchema,
  replayTimelineResponseSchema,
  type ReplayAlertsResponse,
  type ReplayRangeResponse,
  type ReplayTimelineResponse,
} from '@urban-brain/proto';
import { RequireRole } from '../auth/route-access.decorator';
import { API_CONFIG, type ApiConfig } from '../config/api.config';
import { ApiQueryFromSchema } from '../common/api-query-from-schema.decorator';
import { InvalidQueryResponseDto, ServiceUnavailableResponseDto } from '../common/domain-error-response.dto';
import { responseSchemaOf } from '../common/response-schema.openapi';
import { STATE_LOOKBACK_TEXT } from '../history/history-fleet';
import { CORRIDOR_LOOKBACK_MS } from './corridor-layer.player';
import { parseReplayAlertsQuery, parseReplayFramesQuery, parseReplayTimelineQuery } from './replay-query.parser';
import { ReplayService } from './replay.service';

const BAD_REQUEST = { type: InvalidQueryResponseDto, description: 'A parameter is missing or invalid, or the window breaks a limit; `fields` names each one and the limit' };
const UNAVAILABLE = { type: ServiceUnavailableResponseDto, description: 'The database cannot be reached' };

@ApiTags('replay')
// The wall (an operator or kiosk device) time-travels too; the /replay page itself is for engineers.
@RequireRole('operator')
@Controller('replay')
export class ReplayController {
  constructor(
    private readonly replay: ReplayService,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  private limits() {
    return { nowMs: Date.now(), maxAgeDays: this.config.REPLAY_MAX_AGE_DAYS };
  }

  @Get('frames')
  @ApiOperation({
    summary: "The city over a window as the wall's own LiveFrame messages: a snapshot at from, then one frame per step",
    description:
      `Body (${REPLAY_FRAMES_CONTENT_TYPE}): records of a 4-byte big-endian length then one encoded urbanbrain.live.v1.LiveFrame ` +
      '(proto/src/replay.ts reads them). First a snapshot (snapshot=true, sent_at_ms=from): each layer\'s entities at from, each ' +
      `one's last reading within its lookback (seconds: ${STATE_LOOKBACK_TEXT}, corridors ${CORRIDOR_LOOKBACK_MS / 1000}), with the ` +
      'fleet totals, bikes as points (bike_view=POINTS) and the fences with bikes parked. Then one frame per stepMs of replay time, ' +
      'sent_at_ms = the step\'s end: the entities that reported in the step (their last reading), the ids silent beyond their lookback ' +
      'as removed_*_ids, totals when they changed, fences whose count changed; a step with nothing in it is still sent. ' +
      `to - from at most ${REPLAY_CHUNK_MAX_S} s (REPLAY_CHUNK_MAX_S); from = to is a seek (the snapshot only); from at most ` +
      `REPLAY_MAX_AGE_DAYS days old (api setting, default ${REPLAY_MAX_AGE_DAYS}). An instant with no stored data answers empty layers. ` +
      'Emergency calls are not replayed (ambulance totals count ambulances only).',
  })
  @ApiQueryFromSchema(replayFramesQuerySchema)
  @ApiProduces(REPLAY_FRAMES_CONTENT_TYPE)
  @ApiOkResponse({ description: 'The frames, streamed as they are read', schema: { type: 'string', format: 'binary' } })
  @ApiBadRequestResponse(BAD_REQUEST)
  @ApiServiceUnavailableResponse(UNAVAILABLE)
  async frames(@Query() query: Record<string, unknown>, @Res() res: ServerResponse): Promise<void> {
    const records = await this.replay.openFrames(parseReplayFramesQuery(query, this.limits()));
    res.setHeader('Content-Type', REPLAY_FRAMES_CONTENT_TYPE);
    res.setHeader('Cache-Control', 'no-store');
    try {
      // pipeline waits for the client to drain each record and stops reading batches if it goes away.
      await pipeline(Readable.from(records, { objectMode: false }), res);
    } catch (error) {
      // Once the body has begun a status can no longer be sent: cutting the connection says the chunk is incomplete.
      if (!res.headersSent) throw error;
      res.destroy();
    }
  }

  @Get('range')
  @ApiOperation({ summary: 'What can be replayed: the oldest and newest stored reading within the kept history, and the limits' })
  @ApiOkResponse({ description: 'The range', schema: responseSchemaOf(replayRangeResponseSchema) })
  @ApiServiceUnavailableResponse(UNAVAILABLE)
  range(): Promise<ReplayRangeResponse> {
    return this.replay.range(this.limits());
  }

  @Get('timeline')
  @ApiOperation({
    summary: "The scrubber's density: readings stored and alerts raised per bucket of a window",
    description:
      `The window (at most REPLAY_MAX_AGE_DAYS days, default ${REPLAY_MAX_AGE_DAYS}) cut into \`buckets\` equal buckets. events: truck, bike and boat ` +
      'readings per bucket, from the 1-minute roll-ups when a bucket is a minute or longer (a roll-up minute counts in the bucket it starts in), ' +
      'else counted from the raw tables. alerts: alerts raised per bucket.',
  })
  @ApiQueryFromSchema(replayTimelineQuerySchema)
  @ApiOkResponse({ description: 'The densities', schema: responseSchemaOf(replayTimelineResponseSchema) })
  @ApiBadRequestResponse(BAD_REQUEST)
  @ApiServiceUnavailableResponse(UNAVAILABLE)
  timeline(@Query() query: Record<string, unknown>): Promise<ReplayTimelineResponse> {
    return this.replay.timeline(parseReplayTimelineQuery(query, this.limits()));
  }

  @Get('alerts')
  @ApiOperation({
    summary: 'Alerts raised in a window or open during it, oldest raise first, for the timeline marks and the open-alerts series',
    description: `The window at most REPLAY_MAX_AGE_DAYS days (api setting, default ${REPLAY_MAX_AGE_DAYS}).`,
  })
  @ApiQueryFromSchema(replayAlertsQuerySchema)
  @ApiOkResponse({ description: 'The alerts', schema: responseSchemaOf(replayAlertsResponseSchema) })
  @ApiBadRequestResponse(BAD_REQUEST)
  @ApiServiceUnavailableResponse(UNAVAILABLE)
  alerts(@Query() query: Record<string, unknown>): Promise<ReplayAlertsResponse> {
    return this.replay.alerts(parseReplayAlertsQuery(query, this.limits()));
  }
}
