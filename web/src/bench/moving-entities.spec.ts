import { describe, expect, it } from 'vitest';
import { advance, createMovingEntities } from './moving-entities';

describe('the benchmark fleet', () => {
  it('is the same fleet for the same seed', () => {
    expect(createMovingEntities(100, 7).positions).toEqual(createMovingEntities(100, 7).positions);
    expect(createMovingEntities(100, 7).positions).not.toEqual(createMovingEntities(100, 8).positions);
  });

  it('moves every entity and keeps it inside the city', () => {
    const fleet = createMovingEntities(500);
    const before = fleet.positions.slice();
    for (let s = 0; s < 600; s++) advance(fleet, 1);
    let moved = 0;
    for (let i = 0; i < fleet.count; i++) {
      if (fleet.positions[2 * i] !== before[2 * i]) moved++;
      expect(fleet.positions[2 * i]).toBeGreaterThanOrEqual(104.99);
      expect(fleet.positions[2 * i]).toBeLessThanOrEqual(105.14);
      expect(fleet.positions[2 * i + 1]).toBeGreaterThanOrEqual(29.52);
      expect(fleet.positions[2 * i + 1]).toBeLessThanOrEqual(29.65);
    }
    expect(moved).toBe(fleet.count);
  });
});
