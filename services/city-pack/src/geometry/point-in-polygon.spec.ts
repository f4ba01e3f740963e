import { describe, expect, it } from 'vitest';
import { polygonContains, ringRelation } from './point-in-polygon';

// A "C" open to the east: concave, with a horizontal edge at y=1 and y=2 that a ray can run along.
const C: [number, number][] = [[0, 0], [3, 0], [3, 1], [1, 1], [1, 2], [3, 2], [3, 3], [0, 3], [0, 0]];
const square = (w: number, s: number, e: number, n: number): [number, number][] => [[w, s], [e, s], [e, n], [w, n], [w, s]];

describe('point in polygon', () => {
  it('tells inside from outside in a concave ring', () => {
    expect(ringRelation([0.5, 1.5], C)).toBe('inside');
    expect(ringRelation([2, 1.5], C)).toBe('outside'); // in the mouth of the C
    expect(ringRelation([2, 0.5], C)).toBe('inside');
    expect(ringRelation([4, 1.5], C)).toBe('outside');
  });

  it('counts edges and vertices as the boundary, and the boundary as inside', () => {
    expect(ringRelation([2, 0], C)).toBe('boundary');
    expect(ringRelation([1, 1.5], C)).toBe('boundary');
    expect(ringRelation([3, 3], C)).toBe('boundary');
    expect(polygonContains([2, 1], [C])).toBe(true);
  });

  it('is not fooled by a ray through a vertex or along a horizontal edge', () => {
    // Rays from these points (to +x) pass exactly through vertices (1,1), (3,1), (1,2) and (3,2).
    expect(ringRelation([0.5, 1], C)).toBe('inside');
    expect(ringRelation([0.5, 2], C)).toBe('inside');
    expect(ringRelation([-1, 1], C)).toBe('outside');
    expect(ringRelation([-1, 3], C)).toBe('outside');
    const diamond: [number, number][] = [[1, 0], [2, 1], [1, 2], [0, 1], [1, 0]];
    expect(ringRelation([0.5, 1], diamond)).toBe('inside');
    expect(ringRelation([-0.5, 1], diamond)).toBe('outside');
  });

  it('excludes holes but keeps their edges', () => {
    const withHole = [square(0, 0, 10, 10), square(4, 4, 6, 6)];
    expect(polygonContains([5, 5], withHole)).toBe(false);
    expect(polygonContains([2, 2], withHole)).toBe(true);
    expect(polygonContains([4, 5], withHole)).toBe(true);
    expect(polygonContains([11, 5], withHole)).toBe(false);
  });

  it('handles an unclosed ring and an empty polygon', () => {
    expect(ringRelation([0.5, 0.5], [[0, 0], [1, 0], [1, 1], [0, 1]])).toBe('inside');
    expect(polygonContains([0, 0], [])).toBe(false);
  });
});
