import { describe, expect, it } from 'vitest';
import type { Position, RoadFeature } from '../format/city-pack-layers.schema';
import { road, STEP } from '../testing/tiny-city-pack.fixture';
import { LocalProjection } from './local-projection';
import { RoadGraph } from './road-graph';

const projection = new LocalProjection([105, 29.5]);
const at = (i: number, j: number): Position => [105 + i * STEP, 29.5 + j * STEP];
const dx = projection.distanceM(at(0, 0), at(1, 0)); // one block east-west
const dy = projection.distanceM(at(0, 0), at(0, 1)); // one block north-south

// A ring road around a 2 x 2 block square with a middle row: row1 crosses col0 and col2 at shared vertices.
const grid: RoadFeature[] = [
  road('row0', [at(0, 0), at(1, 0), at(2, 0)]),
  road('row1', [at(0, 1), at(1, 1), at(2, 1)]),
  road('row2', [at(0, 2), at(1, 2), at(2, 2)]),
  road('col0', [at(0, 0), at(0, 1), at(0, 2)]),
  road('col2', [at(2, 0), at(2, 1), at(2, 2)]),
];

describe('RoadGraph', () => {
  it('snaps a point to the nearest road', () => {
    const snap = new RoadGraph(grid, projection).nearestRoad([105 + 0.5 * STEP, 29.5 + 0.1 * STEP])!;
    expect(snap.roadId).toBe('row0');
    expect(snap.distanceM).toBeCloseTo(0.1 * dy, 3);
    expect(snap.point[0]).toBeCloseTo(105 + 0.5 * STEP, 9);
    expect(snap.point[1]).toBeCloseTo(29.5, 9);
  });

  it('finds a far road, and nothing in an empty network', () => {
    expect(new RoadGraph(grid, projection).nearestRoad([105.05, 29.55])?.roadId).toBe('row2');
    expect(new RoadGraph([], projection).nearestRoad([105, 29.5])).toBeNull();
    expect(new RoadGraph([], projection).route([105, 29.5], [105.001, 29.5])).toBeNull();
  });

  it('routes over shared vertices along the roads, shortest first', () => {
    const route = new RoadGraph(grid, projection).route(at(1, 0), at(1, 2))!;
    // Up the west or east side: one block across, two up, one back.
    expect(route.lengthM).toBeCloseTo(2 * dx + 2 * dy, 3);
    expect(route.coordinates[0]).toEqual(at(1, 0));
    expect(route.coordinates.at(-1)).toEqual(at(1, 2));
    expect(route.coordinates).toHaveLength(5); // start, two corners, the junction with row1 between them, end
    expect(route.roadIds).toHaveLength(3);
    expect(route.roadIds[0]).toBe('row0');
    expect(['col0', 'col2']).toContain(route.roadIds[1]);
    expect(route.roadIds[2]).toBe('row2');
  });

  it('uses a junction only where roads share a vertex', () => {
    // Same streets, but row1 is drawn from 0.5 to 1.5 blocks: its ends touch nothing, so it is an island.
    const island = [...grid.filter((r) => r.id !== 'row1'), road('row1', [[105 + 0.5 * STEP, 29.5 + STEP], [105 + 1.5 * STEP, 29.5 + STEP]])];
    const graph = new RoadGraph(island, projection);
    expect(graph.route(at(1, 1), at(1, 0))).toBeNull();
    expect(graph.route(at(1, 1), [105 + 1.2 * STEP, 29.5 + STEP])?.lengthM).toBeCloseTo(0.2 * dx, 3);
  });

  it('drives one-way roads in their direction only', () => {
    const oneway = [road('east', [at(0, 0), at(1, 0)], true), road('loop', [at(1, 0), at(1, 1), at(0, 1), at(0, 0)])];
    const graph = new RoadGraph(oneway, projection);
    expect(graph.route(at(0, 0), at(1, 0))!.lengthM).toBeCloseTo(dx, 3);
    // Back west: around the loop, not against the one-way.
    expect(graph.route(at(1, 0), at(0, 0))!.lengthM).toBeCloseTo(dx + 2 * dy, 3);
    // Both ends on the one-way segment, against its direction.
    expect(graph.route([105 + 0.8 * STEP, 29.5], [105 + 0.2 * STEP, 29.5])!.lengthM).toBeCloseTo(0.2 * dx + dx + 2 * dy + 0.2 * dx, 3);
    expect(graph.route([105 + 0.2 * STEP, 29.5], [105 + 0.8 * STEP, 29.5])!.lengthM).toBeCloseTo(0.6 * dx, 3);
  });
});
