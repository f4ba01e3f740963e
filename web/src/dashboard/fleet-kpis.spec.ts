import { describe, expect, it } from 'vitest';
import { create } from '@bufbuild/protobuf';
import { BikeEventKind, BikeTotalsSchema, BoatTaskState, BoatTotalsSchema, TaskState, TruckTotalsSchema } from '@urban-brain/proto';
import { ColumnTable } from '../live/column-table';
import { BIKE_CELL_COLUMNS, BIKE_COLUMNS, BOAT_COLUMNS, CORRIDOR_COLUMNS } from '../live/live-tables';
import { corridorQuality } from '../map/corridor-quality';
import { corridorFeatureCollection, type CorridorLine } from '../map/corridor-features';
import { bikeKpis, bikeKpisInView, boatKpis, corridorKpis, wallBikeKpis, wallBoatKpis, wallTruckKpis } from './fleet-kpis';

const column = <K extends string>(names: readonly K[], rows: Partial<Record<K, number | boolean>>[]) =>
  Object.fromEntries(names.map((name) => [name, rows.map((row) => row[name] ?? 0)])) as Record<K, (number | boolean)[]>;

function table<K extends string>(names: readonly K[], rows: Partial<Record<K, number | boolean>>[], ids = rows.map((_, i) => `X-${i}`)) {
  const t = new ColumnTable(names);
  t.apply(true, [], ids, column(names, rows));
  return t;
}

describe('fleet KPIs', () => {
  it('counts bikes parked outside a fence, not the ones being ridden', () => {
    const bikes = table(BIKE_COLUMNS, [
      { inFence: true, lastEvent: BikeEventKind.TRIP_END },
      { inFence: false, lastEvent: BikeEventKind.PARKED_STATE },
      { inFence: false, lastEvent: BikeEventKind.TRIP_START },
    ]);
    expect(bikeKpis(bikes)).toEqual({ onMap: 3, outsideFence: 1, riding: 1 });
  });

  it('counts bikes in view from the gateway cells when zoomed out, from the bikes when zoomed in', () => {
    const cells = table(BIKE_CELL_COLUMNS, [
      { bikes: 40, outsideFence: 5, riding: 2 },
      { bikes: 10, outsideFence: 1, riding: 0 },
    ]);
    const noBikes = table(BIKE_COLUMNS, []);
    expect(bikeKpisInView({ bikes: noBikes, bikeCells: cells })).toEqual({ onMap: 50, outsideFence: 6, riding: 2 });
    const bikes = table(BIKE_COLUMNS, [{ inFence: false, lastEvent: BikeEventKind.TRIP_END }, { inFence: true }]);
    expect(bikeKpisInView({ bikes, bikeCells: table(BIKE_CELL_COLUMNS, []) })).toEqual({ onMap: 2, outsideFence: 1, riding: 0 });
  });

  it('shows the fleet-wide bike figures once the gateway sent them, whatever the map area holds', () => {
    // Zoomed in on one district: 2 bikes in view, 1 outside a fence.
    const inView = { bikes: table(BIKE_COLUMNS, [{ inFence: false, lastEvent: BikeEventKind.TRIP_END }, { inFence: true }]), bikeCells: table(BIKE_CELL_COLUMNS, []) };
    expect(wallBikeKpis({}, inView)).toEqual({ onMap: 2, outsideFence: 1, riding: 0, scope: 'view' });
    const bikes = create(BikeTotalsSchema, { total: 11_000, parkedInFence: 9_800, parkedOutsideFence: 880, riding: 300, faulty: 20 });
    expect(wallBikeKpis({ bikes }, inView)).toEqual({ onMap: 11_000, outsideFence: 880, riding: 300, scope: 'fleet' });
  });

  it('takes trucks on duty and trucks per task from the fleet-wide totals, counting the table only without them', () => {
    const byTaskState: number[] = [];
    byTaskState[TaskState.UNSPECIFIED] = 1;
    byTaskState[TaskState.IDLE] = 19;
    byTaskState[TaskState.SWEEPING] = 60;
    byTaskState[TaskState.COLLECTING] = 40;
    const trucks = create(TruckTotalsSchema, { total: 120, moving: 90, byTaskState });
    let counted = 0;
    const inView = () => {
      counted++;
      return { onMap: 3, moving: 1, byTask: {} as Record<TaskState, number>, onDuty: 2 };
    };
    const fleet = wallTruckKpis({ trucks }, inView);
    expect(fleet).toMatchObject({ onMap: 120, moving: 90, onDuty: 100, scope: 'fleet' });
    expect(fleet.byTask[TaskState.SWEEPING]).toBe(60);
    expect(fleet.byTask[TaskState.UNLOADING]).toBe(0);
    expect(counted).toBe(0);
    expect(wallTruckKpis({}, inView)).toMatchObject({ onMap: 3, onDuty: 2, scope: 'view' });
    expect(counted).toBe(1);
  });

  it('takes boats working and debris from the fleet-wide totals', () => {
    const boats = create(BoatTotalsSchema, { total: 12, working: 9, debrisKg: 310.5 });
    expect(wallBoatKpis({ boats }, () => ({ onMap: 0, working: 0, debrisKg: 0 }))).toEqual({ onMap: 12, working: 9, debrisKg: 310.5, scope: 'fleet' });
    expect(wallBoatKpis({}, () => ({ onMap: 1, working: 1, debrisKg: 5 }))).toEqual({ onMap: 1, working: 1, debrisKg: 5, scope: 'view' });
  });

  it('counts sweeping boats and sums their latest debris', () => {
    const boats = table(BOAT_COLUMNS, [
      { taskState: BoatTaskState.SWEEPING, debrisKg: 120.5 },
      { taskState: BoatTaskState.CHARGING, debrisKg: 300 },
    ]);
    expect(boatKpis(boats)).toEqual({ onMap: 2, working: 1, debrisKg: 420.5 });
  });

  it('counts corridors in green wave; a dark intersection or no observation is not green', () => {
    const corridors = table(
      CORRIDOR_COLUMNS,
      [
        { arrivalsOnGreenPct: 82, travelTimeRatio: 1.05, vehicles: 14, observedAtMs: 1 },
        { arrivalsOnGreenPct: 90, travelTimeRatio: 1, vehicles: 9, observedAtMs: 1, darkIntersections: 1 },
        { arrivalsOnGreenPct: 55, travelTimeRatio: 1.1, vehicles: 11, observedAtMs: 1 },
        { arrivalsOnGreenPct: 0, observedAtMs: 0 },
      ],
      ['C-green', 'C-dark', 'C-amber', 'C-silent'],
    );
    expect(corridorKpis(corridors)).toEqual({ known: 4, observed: 3, inGreenWave: 1 });
    const line = (id: string): CorridorLine => ({ type: 'Feature', id, properties: {}, geometry: { type: 'LineString', coordinates: [[105, 29], [105.01, 29]] } });
    const drawn = corridorFeatureCollection(['C-green', 'C-dark', 'C-amber', 'C-unknown'].map(line), corridors);
    expect(drawn.features.map((f) => f.properties.quality)).toEqual(['green', 'none', 'amber', 'none']);
  });

  it('grades progression by the verdict the alert uses: broken is red, intact under the 70 % target amber', () => {
    const window = (arrivalsOnGreenPct: number, travelTimeRatio = 1, vehicles = 10) => ({ arrivalsOnGreenPct, travelTimeRatio, vehicles });
    expect(corridorQuality(window(70), 1, 0)).toBe('green');
    expect(corridorQuality(window(69.9), 1, 0)).toBe('amber');
    expect(corridorQuality(window(50), 1, 0)).toBe('amber');
    expect(corridorQuality(window(49), 1, 0)).toBe('red');
    // On green often enough, but trips 40 % over design: the alert calls it broken, so does the map.
    expect(corridorQuality(window(85, 1.4), 1, 0)).toBe('red');
    expect(corridorQuality(window(85, 0), 1, 0)).toBe('green');
    expect(corridorQuality(window(95, 1, 0), 1, 0)).toBe('none');
    expect(corridorQuality(window(95), 0, 0)).toBe('none');
  });
});
