import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FLEET_STREAMS } from '../fleets/fleet-registry';
import { readTopicDeclarations } from './topic-declarations';

const TOPICS_FILE = path.resolve(__dirname, '../../../../infra/kafka/topics.json');
const WEEK_MS = String(7 * 24 * 3_600_000);

describe('the fleet topics retention', () => {
  it('marks exactly the fleet streams\' topics, kept 7 days by default (backtests read them)', () => {
    const topics = readTopicDeclarations(TOPICS_FILE, {});
    const marked = topics.filter((t) => t.retentionHoursSetting === 'FLEET_TOPIC_RETENTION_HOURS');
    expect(marked.map((t) => t.name).sort()).toEqual(FLEET_STREAMS.map((s) => s.topic).sort());
    expect(marked.every((t) => t.config['retention.ms'] === WEEK_MS)).toBe(true);
  });

  it('follows FLEET_TOPIC_RETENTION_HOURS, leaving the other topics alone, and names a bad value', () => {
    const defaults = readTopicDeclarations(TOPICS_FILE, {});
    const topics = readTopicDeclarations(TOPICS_FILE, { FLEET_TOPIC_RETENTION_HOURS: '336' });
    for (const topic of topics) {
      const before = defaults.find((t) => t.name === topic.name)!;
      expect(topic.config['retention.ms']).toBe(topic.retentionHoursSetting ? String(336 * 3_600_000) : before.config['retention.ms']);
    }
    expect(() => readTopicDeclarations(TOPICS_FILE, { FLEET_TOPIC_RETENTION_HOURS: 'a week' })).toThrow("FLEET_TOPIC_RETENTION_HOURS must be a whole number of hours (got 'a week')");
  });
});
