import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '@urban-brain/common';
import { realtimeConfigSchema } from './realtime.config';

const SECRET = 'test-secret-of-at-least-32-characters';

describe('realtime config', () => {
  it('has working defaults and a per-process consumer group', () => {
    const config = parseConfig(realtimeConfigSchema, { KAFKA_BROKERS: '127.0.0.1:29092', LIVE_TOKEN_SECRET: SECRET });
    expect(config.liveTokenSecret).toBe(SECRET);
    expect(config.http).toEqual({ port: 3001, host: '127.0.0.1', corsOrigins: undefined });
    expect(config.kafka.topics).toEqual({
      'truck-readings': 'ub.truck.readings.v1',
      'bike-events': 'ub.bike.events.v1',
      'boat-readings': 'ub.boat.readings.v1',
      'signal-phases': 'ub.signal.phases.v1',
      'corridor-observations': 'ub.corridor.observations.v1',
      'ambulance-readings': 'ub.ambulance.readings.v1',
      'emergency-calls': 'ub.emergency.calls.v1',
    });
    expect(config.kafka.groupId).toMatch(new RegExp(`^ub-realtime-.+-${process.pid}$`));
    expect(config.live).toEqual({
      tickMs: 100,
      view: { bikePointsMinZoom: 14, bikeCellZoomOffset: 3 },
      tables: {
        trucks: { staleAfterMs: 120_000, maxEntries: 100_000 },
        bikes: { staleAfterMs: 86_400_000, maxEntries: 200_000 },
        boats: { staleAfterMs: 120_000, maxEntries: 10_000 },
        corridors: { staleAfterMs: 600_000, maxEntries: 10_000 },
        ambulances: { staleAfterMs: 60_000, maxEntries: 10_000 },
        calls: { staleAfterMs: 21_600_000, maxEntries: 10_000 },
      },
    });
  });

  it('takes the group id, topic and CORS origins from the environment', () => {
    const config = parseConfig(realtimeConfigSchema, {
      KAFKA_BROKERS: 'a:1,b:2',
      LIVE_TOKEN_SECRET: SECRET,
      REALTIME_GROUP_ID: 'wall-1',
      REALTIME_TOPIC: 't.test',
      REALTIME_BOAT_TOPIC: 't.boats',
      REALTIME_CORS_ORIGIN: 'http://a.example, http://b.example',
    });
    expect(config.kafka).toMatchObject({ brokers: ['a:1', 'b:2'], groupId: 'wall-1' });
    expect(config.kafka.topics).toMatchObject({ 'truck-readings': 't.test', 'boat-readings': 't.boats', 'bike-events': 'ub.bike.events.v1' });
    expect(config.http.corsOrigins).toEqual(['http://a.example', 'http://b.example']);
  });

  it('names each fleet stream’s topic setting after the fleet, and still reads the old names', () => {
    const parse = (env: Record<string, string>) => parseConfig(realtimeConfigSchema, { KAFKA_BROKERS: 'a:1', LIVE_TOKEN_SECRET: SECRET, ...env }).kafka.topics;
    expect(parse({ REALTIME_TRUCK_TOPIC: 't.trucks', REALTIME_SIGNAL_PHASE_TOPIC: 't.phases', REALTIME_CORRIDOR_TOPIC: 't.corridors' })).toMatchObject({
      'truck-readings': 't.trucks',
      'signal-phases': 't.phases',
      'corridor-observations': 't.corridors',
    });
    expect(parse({ REALTIME_SIGNAL_TOPIC: 't.old-phases' })['signal-phases']).toBe('t.old-phases');
    // Both names for one topic: fine when they agree, refused when they do not.
    expect(parse({ REALTIME_TOPIC: 't.trucks', REALTIME_TRUCK_TOPIC: 't.trucks' })['truck-readings']).toBe('t.trucks');
    expect(() => parse({ REALTIME_TOPIC: 't.a', REALTIME_TRUCK_TOPIC: 't.b' })).toThrow(/REALTIME_TRUCK_TOPIC.*old name REALTIME_TOPIC/);
    // Records find their stream by topic, so two streams on one topic are refused.
    expect(() => parse({ REALTIME_BOAT_TOPIC: 'ub.truck.readings.v1' })).toThrow(/REALTIME_BOAT_TOPIC.*already the topic of truck-readings/);
  });

  it('reads the ambulance layer’s two topics, its staleness and caps per table, and its feed limits', () => {
    const config = parseConfig(realtimeConfigSchema, {
      KAFKA_BROKERS: 'a:1',
      LIVE_TOKEN_SECRET: SECRET,
      REALTIME_AMBULANCE_TOPIC: 't.ambulances',
      REALTIME_EMERGENCY_CALL_TOPIC: 't.calls',
      REALTIME_AMBULANCE_STALE_AFTER_S: '90',
      REALTIME_CALL_STALE_AFTER_S: '3600',
      REALTIME_MAX_AMBULANCES: '500',
      REALTIME_MAX_CALLS: '2000',
      REALTIME_FEED_DELAYED_S: 'ambulances:20',
    });
    expect(config.kafka.topics).toMatchObject({ 'ambulance-readings': 't.ambulances', 'emergency-calls': 't.calls' });
    expect(config.live.tables.ambulances).toEqual({ staleAfterMs: 90_000, maxEntries: 500 });
    expect(config.live.tables.calls).toEqual({ staleAfterMs: 3_600_000, maxEntries: 2_000 });
    expect(config.feed.layers.ambulances).toEqual({ delayedAfterMs: 20_000, downAfterMs: 30_000 });
    expect(() => parseConfig(realtimeConfigSchema, { KAFKA_BROKERS: 'a:1', LIVE_TOKEN_SECRET: SECRET, REALTIME_EMERGENCY_CALL_TOPIC: 'ub.ambulance.readings.v1' })).toThrow(
      /REALTIME_EMERGENCY_CALL_TOPIC.*already the topic of ambulance-readings/,
    );
  });

  it('names every bad variable at once', () => {
    try {
      parseConfig(realtimeConfigSchema, { LIVE_TOKEN_SECRET: 'short', REALTIME_TICK_MS: 'fast', REALTIME_STALE_AFTER_S: '0', HTTP_PORT: '70000' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const variables = (error as ConfigError).problems.map((p) => p.split(':')[0]);
      expect(variables).toEqual(expect.arrayContaining(['KAFKA_BROKERS', 'LIVE_TOKEN_SECRET', 'REALTIME_TICK_MS', 'REALTIME_STALE_AFTER_S', 'HTTP_PORT']));
    }
  });

  it('has per-fleet feed limits from each fleet’s natural rate, overridable one fleet at a time', () => {
    const defaults = parseConfig(realtimeConfigSchema, { KAFKA_BROKERS: 'a:1', LIVE_TOKEN_SECRET: SECRET });
    expect(defaults.feed).toEqual({
      stallAfterMs: 5_000,
      layers: {
        trucks: { delayedAfterMs: 10_000, downAfterMs: 30_000 },
        bikes: { delayedAfterMs: 180_000, downAfterMs: 900_000 },
        boats: { delayedAfterMs: 10_000, downAfterMs: 30_000 },
        corridors: { delayedAfterMs: 15_000, downAfterMs: 45_000 },
        ambulances: { delayedAfterMs: 10_000, downAfterMs: 30_000 },
      },
    });
    const tuned = parseConfig(realtimeConfigSchema, { KAFKA_BROKERS: 'a:1', LIVE_TOKEN_SECRET: SECRET, REALTIME_FEED_DELAYED_S: 'bikes:60, boats:8', REALTIME_FEED_DOWN_S: 'bikes:300', REALTIME_FEED_STALL_S: '3' });
    expect(tuned.feed.stallAfterMs).toBe(3_000);
    expect(tuned.feed.layers.bikes).toEqual({ delayedAfterMs: 60_000, downAfterMs: 300_000 });
    expect(tuned.feed.layers.boats).toEqual({ delayedAfterMs: 8_000, downAfterMs: 30_000 });
  });

  it('refuses feed limits it cannot read, naming the variable', () => {
    const parse = (env: Record<string, string>) => () => parseConfig(realtimeConfigSchema, { KAFKA_BROKERS: 'a:1', LIVE_TOKEN_SECRET: SECRET, ...env });
    expect(parse({ REALTIME_FEED_DELAYED_S: 'lorries:5' })).toThrow(/REALTIME_FEED_DELAYED_S/);
    expect(parse({ REALTIME_FEED_DOWN_S: 'trucks:0' })).toThrow(/REALTIME_FEED_DOWN_S/);
    expect(parse({ REALTIME_FEED_DOWN_S: 'trucks:3' })).toThrow(/REALTIME_FEED_DOWN_S.*shorter/);
    expect(parse({ REALTIME_FEED_DOWN_S: 'trucks:3' })).toThrow(ConfigError);
  });
});
