import { describe, expect, it } from 'vitest';
import { FLEET_STREAMS } from '@urban-brain/common';
import { LIVE_LAYERS } from '@urban-brain/proto';
import { LIVE_LAYER_TABLES, LIVE_STREAMS, LIVE_TABLES } from './live-fleet.registry';
import { tableOf } from './live-stream';

describe('the live-fleet registry', () => {
  it('reads every fleet stream that has a live layer, once, into that layer', () => {
    const live = FLEET_STREAMS.filter((descriptor) => descriptor.liveLayer !== undefined);
    expect(LIVE_STREAMS.map((stream) => stream.descriptor)).toEqual(expect.arrayContaining(live));
    expect(LIVE_STREAMS).toHaveLength(live.length);
    for (const stream of LIVE_STREAMS) expect(stream.layer, stream.descriptor.name).toBe(stream.descriptor.liveLayer);
  });

  it('feeds every live layer from at least one stream', () => {
    const fed = new Set(LIVE_STREAMS.map((stream) => stream.layer));
    expect([...LIVE_LAYERS].filter((layer) => !fed.has(layer))).toEqual([]);
  });

  it('writes each stream into a table of its own layer, and every table from at least one stream', () => {
    for (const stream of LIVE_STREAMS) expect(LIVE_LAYER_TABLES[stream.layer], stream.descriptor.name).toContain(tableOf(stream));
    const written = new Set(LIVE_STREAMS.map(tableOf));
    expect(LIVE_TABLES.filter((table) => !written.has(table))).toEqual([]);
    expect(new Set(LIVE_TABLES).size).toBe(LIVE_TABLES.length);
  });
});
