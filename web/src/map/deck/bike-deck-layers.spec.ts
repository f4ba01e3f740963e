import { BikeEventKind } from '@urban-brain/proto';
import { describe, expect, it } from 'vitest';
import { ColumnTable } from '../../live/column-table';
import { BIKE_COLUMNS } from '../../live/live-tables';
import {
  BIKE_LAYER_IDS,
  bikeCellLayers,
  bikeCellStyle,
  bikePointLayers,
  cellSpacingPx,
  FenceIndex,
  fenceOccupancyColor,
  fenceSites,
  packBikeCells,
  packBikePoints,
  packFences,
} from './bike-deck-layers';

function bikeTable(bikes: { id: string; lon: number; lat: number; inFence: boolean; riding?: boolean }[]) {
  const table = new ColumnTable(BIKE_COLUMNS);
  table.apply(
    true,
    [],
    bikes.map((b) => b.id),
    {
      lon: bikes.map((b) => b.lon),
      lat: bikes.map((b) => b.lat),
      inFence: bikes.map((b) => b.inFence),
      isEbike: bikes.map(() => false),
      batteryPct: bikes.map(() => 0),
      lastEvent: bikes.map((b) => (b.riding ? BikeEventKind.TRIP_START : BikeEventKind.TRIP_END)),
    },
  );
  return table;
}

describe('bike points', () => {
  it('draws ridden bikes first and bikes outside fences last (on top), remembering each row', () => {
    const table = bikeTable([
      { id: 'out', lon: 1, lat: 1, inFence: false },
      { id: 'in', lon: 2, lat: 2, inFence: true },
      { id: 'ride', lon: 3, lat: 3, inFence: true, riding: true },
    ]);
    const points = packBikePoints(table);
    expect([...points.rows].map((row) => table.ids[row])).toEqual(['ride', 'in', 'out']);
    expect([...points.positions]).toEqual([3, 3, 2, 2, 1, 1]);
    // Rose for the bike outside (what the operator acts on).
    expect([...points.colors.subarray(8, 12)]).toEqual([0xf4, 0x3f, 0x5e, 240]);
  });

  it('builds a pickable binary scatterplot layer and a ring for the selected bike', () => {
    const points = packBikePoints(bikeTable([{ id: 'a', lon: 105, lat: 29.5, inFence: true }]));
    const layers = bikePointLayers(points, { scale: 2, stale: true, pickable: true, selectedIndex: 0 });
    expect(layers.map((l) => l.id)).toEqual([BIKE_LAYER_IDS.dot, BIKE_LAYER_IDS.selected]);
    expect(layers[0]!.props.pickable).toBe(true);
    expect(layers[0]!.props.opacity).toBe(0.3);
    expect((layers[0]!.props.data as { length: number }).length).toBe(1);
  });
});

describe('bike cells', () => {
  it('grows the circle area with the count up to a full cell, and never past the cell grid', () => {
    const quarter = bikeCellStyle(75, 0, 1, 100).radiusPx;
    const full = bikeCellStyle(300, 0, 1, 100).radiusPx;
    expect(full).toBeCloseTo(38, 6);
    expect(quarter).toBeCloseTo(19, 6);
    expect(bikeCellStyle(5000, 0, 1, 100).radiusPx).toBeCloseTo(38, 6);
  });

  it('keeps the smallest circle big enough for its count on a 4K wall', () => {
    expect(bikeCellStyle(1, 0, 1, 100).radiusPx).toBe(11);
    expect(bikeCellStyle(1, 0, 2, 100).radiusPx).toBe(22);
  });

  it('colours a cell by the share of its bikes parked outside fences', () => {
    expect(bikeCellStyle(100, 8).color).toEqual([0x0f, 0x76, 0x6e, 215]);
    expect(bikeCellStyle(100, 15).color).toEqual([0xf5, 0x9e, 0x0b, 220]);
    expect(bikeCellStyle(100, 30).color).toEqual([0xf4, 0x3f, 0x5e, 225]);
    expect(bikeCellStyle(0, 0).color).toEqual([0x0f, 0x76, 0x6e, 215]);
  });

  it('reads the cell pitch on screen from the z/x/y cell id and the map zoom', () => {
    expect(cellSpacingPx('16/53512/27000', 13)).toBe(64);
    expect(cellSpacingPx('16/53512/27000', 13.5)).toBeCloseTo(90.51, 2);
    expect(cellSpacingPx(undefined, 13)).toBe(96);
    expect(cellSpacingPx('cell-7', 13)).toBe(96);
  });

  it('packs cells with their count as the label', () => {
    const data = packBikeCells({ length: 2, lon: [1, 2], lat: [3, 4], bikes: [12, 340], outsideFence: [0, 100] }, 1);
    expect(data.labels).toEqual(['12', '340']);
    expect([...data.positions]).toEqual([1, 3, 2, 4]);
    expect(data.radii[1]).toBeGreaterThan(data.radii[0]!);
    expect(bikeCellLayers(data, { scale: 1, stale: false }).map((l) => l.id)).toEqual([BIKE_LAYER_IDS.cell, BIKE_LAYER_IDS.cellCount]);
  });
});

describe('fence occupancy', () => {
  it('is dim when empty, teal with room, amber near full, red over capacity', () => {
    expect(fenceOccupancyColor(0, 24)).toEqual([100, 116, 139, 150]);
    expect(fenceOccupancyColor(10, 24)).toEqual([45, 212, 191, 200]);
    expect(fenceOccupancyColor(22, 24)).toEqual([245, 158, 11, 235]);
    expect(fenceOccupancyColor(24, 24)).toEqual([245, 158, 11, 235]);
    expect(fenceOccupancyColor(25, 24)).toEqual([239, 68, 68, 245]);
  });

  it('counts the overflowing fences', () => {
    const fences = [
      { id: 'f1', lon: 1, lat: 1, capacity: 2 },
      { id: 'f2', lon: 2, lat: 2, capacity: 2 },
    ];
    const data = packFences(fences, (i) => [3, 1][i]!);
    expect(data.overflowing).toBe(1);
    expect(data.length).toBe(2);
    expect([...data.colors.subarray(0, 4)]).toEqual([239, 68, 68, 245]);
  });

  it('keeps only the fences over capacity when asked (zoomed out, over the cells)', () => {
    const fences = [
      { id: 'f1', lon: 1, lat: 1, capacity: 20 },
      { id: 'f2', lon: 2, lat: 2, capacity: 20 },
      { id: 'f3', lon: 3, lat: 3, capacity: 20 },
    ];
    const data = packFences(fences, (i) => [25, 5, 20][i]!, true);
    expect(data.length).toBe(1);
    expect([...data.positions]).toEqual([1, 1]);
    expect(data.overflowing).toBe(1);
  });

  it('takes fence centres and capacities from the pack polygons', () => {
    const sites = fenceSites([
      {
        id: 'fence:001',
        properties: { capacity: 24 },
        geometry: { type: 'Polygon', coordinates: [[[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]]] },
      },
      { id: 'x', geometry: { type: 'Point', coordinates: [0, 0] } },
    ]);
    expect(sites).toEqual([{ id: 'fence:001', lon: 1, lat: 1, capacity: 24 }]);
  });

  it('counts parked bikes into the nearest fence, ignoring ridden bikes and bikes outside fences', () => {
    const index = new FenceIndex([
      { id: 'f1', lon: 105.0, lat: 29.5, capacity: 24 },
      { id: 'f2', lon: 105.01, lat: 29.5, capacity: 24 },
    ]);
    const table = bikeTable([
      { id: 'a', lon: 105.0001, lat: 29.5, inFence: true },
      { id: 'b', lon: 105.0, lat: 29.5001, inFence: true },
      { id: 'c', lon: 105.0101, lat: 29.5, inFence: true },
      { id: 'd', lon: 105.0, lat: 29.5, inFence: false },
      { id: 'e', lon: 105.0, lat: 29.5, inFence: true, riding: true },
      { id: 'far', lon: 105.005, lat: 29.5, inFence: true },
    ]);
    expect([...index.countParked(table)]).toEqual([2, 1]);
    expect(index.index('f2')).toBe(1);
  });
});
