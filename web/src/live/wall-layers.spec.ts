import { describe, expect, it } from 'vitest';
import { liveLayerOf } from './wall-layers';

describe('the wall layers', () => {
  it('finds an open call in the ambulance layer', () => {
    expect(liveLayerOf('calls')).toBe('ambulances');
    expect(liveLayerOf('trucks')).toBe('trucks');
    expect(liveLayerOf('ambulances')).toBe('ambulances');
  });
});
