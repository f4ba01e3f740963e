import { describe, expect, it } from 'vitest';
import { nearestWithin } from './hit-test';

// 1 degree = 1000 px, y down.
const project = (lon: number, lat: number): [number, number] => [lon * 1000, -lat * 1000];
const WORLD: [number, number, number, number] = [-180, -90, 180, 90];

describe('nearestWithin', () => {
  const positions = new Float64Array([0, 0, 0.01, 0, 0.0102, 0]);

  it('finds the point nearest the click within the radius', () => {
    expect(nearestWithin(positions, 3, WORLD, project, 9, 0, 8)).toBe(1);
    expect(nearestWithin(positions, 3, WORLD, project, 3, 0, 8)).toBe(0);
  });

  it('finds nothing farther than the radius', () => {
    expect(nearestWithin(positions, 3, WORLD, project, 50, 0, 8)).toBe(-1);
  });

  it('prefers the point drawn last (on top) on a tie', () => {
    expect(nearestWithin(new Float64Array([0, 0, 0, 0]), 2, WORLD, project, 0, 0, 8)).toBe(1);
  });

  it('projects only the points inside the click box', () => {
    let projected = 0;
    const counting = (lon: number, lat: number): [number, number] => {
      projected++;
      return project(lon, lat);
    };
    expect(nearestWithin(positions, 3, [0.005, -0.001, 0.02, 0.001], counting, 10, 0, 8)).toBe(1);
    expect(projected).toBe(2);
  });

  it('reads only the first `length` points', () => {
    expect(nearestWithin(positions, 1, WORLD, project, 10, 0, 8)).toBe(-1);
  });
});
