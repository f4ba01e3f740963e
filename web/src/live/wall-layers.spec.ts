import { LIVE_LAYERS } from '@urban-brain/proto';
import { describe, expect, it } from 'vitest';
import { AMBULANCE_LAYER, AMBULANCES_ON_WALL, KNOWN_WALL_LAYERS, liveLayerOf, SUBSCRIBED_LAYERS, WALL_LAYERS, wallShows } from './wall-layers';

describe('the wall layers', () => {
  it('knows the four gateway layers and the ambulances, in legend order', () => {
    expect(KNOWN_WALL_LAYERS).toEqual(['trucks', 'bikes', 'boats', 'corridors', 'ambulances']);
  });

  it('shows the ambulances exactly when the switch says so', () => {
    expect(WALL_LAYERS.slice(0, 4)).toEqual(['trucks', 'bikes', 'boats', 'corridors']);
    expect(wallShows(AMBULANCE_LAYER)).toBe(AMBULANCES_ON_WALL);
  });

  // Fails when the switch is turned on before proto's LIVE_LAYERS lists 'ambulances':
  // the wall would show a layer it cannot subscribe to.
  it('subscribes to every layer it shows, and only to layers the contract lists', () => {
    expect(SUBSCRIBED_LAYERS).toEqual(WALL_LAYERS);
    for (const layer of SUBSCRIBED_LAYERS) expect(LIVE_LAYERS).toContain(layer);
  });

  it('finds an open call in the ambulance layer', () => {
    expect(liveLayerOf('calls')).toBe('ambulances');
    expect(liveLayerOf('trucks')).toBe('trucks');
  });
});
