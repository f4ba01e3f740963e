import { CORRIDOR_OBSERVATIONS, ConfigError, FLEET_STREAMS, TRUCK_READINGS, parseConfig } from '@urban-brain/common';
import { describe, expect, it } from 'vitest';
import { simulatorConfigSchema, topicOf } from './simulator.config';

const parse = (env: Record<string, string>) => parseConfig(simulatorConfigSchema, env);
const problemsOf = (env: Record<string, string>): string[] => {
  try {
    parse(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected the config to be refused');
};

describe('simulatorConfigSchema', () => {
  it('defaults to 120 trucks at 1 Hz sent in 4 steps a tick, seed 42, on the readings topic, port 3003', () => {
    const config = parse({ KAFKA_BROKERS: '127.0.0.1:29092' });
    expect(config).toMatchObject({
      KAFKA_BROKERS: ['127.0.0.1:29092'],
      SIM_TRUCKS: 120,
      SIM_RATE_HZ: 1,
      SIM_TRUCK_SENDS_PER_TICK: 4,
      SIM_SEED: 42,
      SIM_TOPIC: 'ub.truck.readings.v1',
      HTTP_PORT: 3003,
      HTTP_HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
    });
  });

  it('accepts fractional and benchmark rates', () => {
    expect(parse({ KAFKA_BROKERS: 'a:1', SIM_RATE_HZ: '0.5' }).SIM_RATE_HZ).toBe(0.5);
    expect(parse({ KAFKA_BROKERS: 'a:1', SIM_RATE_HZ: '50' }).SIM_RATE_HZ).toBe(50);
  });

  it('names every bad variable at once', () => {
    const problems = problemsOf({ SIM_TRUCKS: '0', SIM_RATE_HZ: 'fast', SIM_SEED: '-1' });
    expect(problems).toHaveLength(4);
    expect(problems.find((p) => p.startsWith('KAFKA_BROKERS:'))).toContain('not set');
    expect(problems.find((p) => p.startsWith('SIM_TRUCKS:'))).toContain('got "0"');
    expect(problems.find((p) => p.startsWith('SIM_RATE_HZ:'))).toContain('got "fast"');
    expect(problems.find((p) => p.startsWith('SIM_SEED:'))).toContain('got "-1"');
  });

  it('refuses a zero rate', () => {
    expect(problemsOf({ KAFKA_BROKERS: 'a:1', SIM_RATE_HZ: '0' })[0]).toMatch(/^SIM_RATE_HZ:/);
  });

  it('parses SIM_FAULTS and refuses a bad one naming the variable', () => {
    expect(parse({ KAFKA_BROKERS: 'a:1', SIM_FAULTS: 'duplicate:0.01,malformed:0.001' }).SIM_FAULTS).toMatchObject({ duplicate: 0.01, malformed: 0.001, stale: 0 });
    expect(problemsOf({ KAFKA_BROKERS: 'a:1', SIM_FAULTS: 'teleport:0.5' })[0]).toMatch(/^SIM_FAULTS:.*unknown fault "teleport"/);
  });

  it('reads the signal fault lists as ids', () => {
    const config = parse({ KAFKA_BROKERS: 'a:1', SIM_SIGNALS_DRIFTING: 'corridor:g321, corridor:xinjiang', SIM_SIGNALS_DARK: '' });
    expect(config.SIM_SIGNALS_DRIFTING).toEqual(['corridor:g321', 'corridor:xinjiang']);
    expect(config.SIM_SIGNALS_DARK).toEqual([]);
  });

  it('sends every fleet stream to its own topic by default, set with SIM_<X>_TOPIC', () => {
    const defaults = parse({ KAFKA_BROKERS: 'a:1' });
    for (const stream of FLEET_STREAMS) expect(topicOf(defaults, stream), stream.name).toBe(stream.topic);
    const config = parse({ KAFKA_BROKERS: 'a:1', SIM_TRUCK_TOPIC: 'it.trucks', SIM_CORRIDOR_TOPIC: 'it.corridors' });
    expect([topicOf(config, TRUCK_READINGS), topicOf(config, CORRIDOR_OBSERVATIONS)]).toEqual(['it.trucks', 'it.corridors']);
    expect(config).toMatchObject({ SIM_TRUCK_TOPIC: 'it.trucks', SIM_TOPIC: 'it.trucks', SIM_CORRIDOR_TOPIC: 'it.corridors', SIM_SIGNALS_OBS_TOPIC: 'it.corridors' });
  });

  it('still reads the topic settings by their old names', () => {
    const config = parse({
      KAFKA_BROKERS: 'a:1',
      SIM_TOPIC: 'old.trucks',
      SIM_BIKES_TOPIC: 'old.bikes',
      SIM_BOATS_TOPIC: 'old.boats',
      SIM_SIGNALS_PHASE_TOPIC: 'old.phases',
      SIM_SIGNALS_OBS_TOPIC: 'old.corridors',
    });
    expect(FLEET_STREAMS.map((stream) => topicOf(config, stream))).toEqual(
      expect.arrayContaining(['old.trucks', 'old.bikes', 'old.boats', 'old.phases', 'old.corridors']),
    );
    expect(config).toMatchObject({ SIM_TRUCK_TOPIC: 'old.trucks', SIM_BIKE_TOPIC: 'old.bikes', SIM_BOAT_TOPIC: 'old.boats', SIM_SIGNAL_PHASE_TOPIC: 'old.phases' });
    expect(topicOf(parse({ KAFKA_BROKERS: 'a:1', SIM_TOPIC: 'same', SIM_TRUCK_TOPIC: 'same' }), TRUCK_READINGS)).toBe('same');
  });

  it('refuses a topic set differently under both names, or shared by two streams', () => {
    expect(problemsOf({ KAFKA_BROKERS: 'a:1', SIM_TOPIC: 'a', SIM_TRUCK_TOPIC: 'b' })).toEqual([
      expect.stringMatching(/^SIM_TRUCK_TOPIC: says "b" but its old name SIM_TOPIC says "a"; set one/),
    ]);
    expect(problemsOf({ KAFKA_BROKERS: 'a:1', SIM_BOAT_TOPIC: 'ub.truck.readings.v1' })).toEqual([
      expect.stringMatching(/^SIM_BOAT_TOPIC: topic "ub.truck.readings.v1" is already the topic of truck-readings/),
    ]);
  });

  it('obeys dispatch tasks on ub.dispatch.v1 by default; the topic is set, and off, by its own settings', () => {
    expect(parse({ KAFKA_BROKERS: 'a:1' })).toMatchObject({ SIM_DISPATCH_ENABLED: true, SIM_DISPATCH_TOPIC: 'ub.dispatch.v1' });
    expect(parse({ KAFKA_BROKERS: 'a:1', SIM_DISPATCH_ENABLED: 'false', SIM_DISPATCH_TOPIC: 'it.dispatch' })).toMatchObject({ SIM_DISPATCH_ENABLED: false, SIM_DISPATCH_TOPIC: 'it.dispatch' });
    expect(problemsOf({ KAFKA_BROKERS: 'a:1', SIM_DISPATCH_ENABLED: 'maybe', SIM_DISPATCH_TOPIC: '' }).map((p) => p.split(':')[0]).sort()).toEqual(['SIM_DISPATCH_ENABLED', 'SIM_DISPATCH_TOPIC']);
    expect(problemsOf({ KAFKA_BROKERS: 'a:1', SIM_DISPATCH_TOPIC: 'ub.boat.readings.v1' })).toEqual([
      expect.stringMatching(/^SIM_DISPATCH_TOPIC: topic "ub.boat.readings.v1" is already the topic of boat-readings/),
    ]);
  });
});
