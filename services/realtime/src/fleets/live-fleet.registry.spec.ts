import { describe, expect, it } from 'vitest';
import { FLEET_STREAMS } from '@urban-brain/common';
import { LIVE_LAYERS } from '@urban-brain/proto';
import { LIVE_STREAMS } from './live-fleet.registry';

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
});
