import { FLEETS } from '@urban-brain/common';
import { AmbulanceState, BikeEventKind, TaskState, TruckKind } from '@urban-brain/proto';
import { describe, expect, it } from 'vitest';
import { POSITION_FLEETS, POSITION_HISTORY } from './history-fleet';

describe('POSITION_HISTORY', () => {
  it('keys each fleet by its name in the registry of fleet descriptors', () => {
    const registered = FLEETS.map((fleet) => fleet.name);
    for (const fleet of POSITION_FLEETS) {
      expect(POSITION_HISTORY[fleet].fleet).toBe(fleet);
      expect(registered).toContain(fleet);
    }
  });

  it('covers every fleet of the registry whose messages carry a position', () => {
    const positioned = FLEETS.filter((fleet) => fleet.streams.some((stream) => ['lon', 'lat'].every((name) => stream.schema.fields.some((f) => f.name === name))));
    expect(positioned.map((fleet) => fleet.name).sort()).toEqual([...POSITION_FLEETS].sort());
  });

  it("reads the stream's first table, keyed by its key field, each property from the field's column", () => {
    expect(POSITION_HISTORY.trucks).toMatchObject({
      table: 'truck_readings',
      idColumn: 'truck_id',
      properties: [
        { name: 'speedKmh', column: 'speed_kmh' },
        { name: 'headingDeg', column: 'heading_deg' },
        { name: 'loadKg', column: 'load_kg' },
        { name: 'taskState', column: 'task_state' },
        { name: 'kind', column: 'kind' },
      ],
    });
    // The boat stream also stores its sightings, in its second table.
    expect(POSITION_HISTORY.boats).toMatchObject({ table: 'boat_readings', idColumn: 'boat_id' });
    expect(POSITION_HISTORY.bikes.properties.map((p) => [p.name, p.column])).toContainEqual(['fenceId', 'fence_id']);
    // Ambulances' position stream is their readings, not the calls' events (also placed, but per call).
    expect(POSITION_HISTORY.ambulances).toMatchObject({
      table: 'ambulance_readings',
      idColumn: 'ambulance_id',
      properties: [
        { name: 'speedKmh', column: 'speed_kmh' },
        { name: 'headingDeg', column: 'heading_deg' },
        { name: 'state', column: 'state' },
        { name: 'callId', column: 'call_id' },
        { name: 'stationId', column: 'station_id' },
      ],
    });
  });

  it("names enum values as the generated enums do, and only enum fields have names", () => {
    const [speed, , , taskState, kind] = POSITION_HISTORY.trucks.properties;
    expect(speed?.enumNames).toBeUndefined();
    expect(taskState?.enumNames?.get(TaskState.UNLOADING)).toBe('UNLOADING');
    expect(kind?.enumNames?.get(TruckKind.COMPACTOR)).toBe('COMPACTOR');
    const bikeKind = POSITION_HISTORY.bikes.properties.find((p) => p.name === 'kind');
    expect(bikeKind?.enumNames?.get(BikeEventKind.TRIP_END)).toBe('TRIP_END');
    const ambulanceState = POSITION_HISTORY.ambulances.properties.find((p) => p.name === 'state');
    expect(ambulanceState?.enumNames?.get(AmbulanceState.TO_SCENE)).toBe('TO_SCENE');
    // Every value of the generated enum, and nothing else.
    const generated = Object.entries(TaskState).filter(([, v]) => typeof v === 'number');
    expect([...(taskState?.enumNames ?? [])].sort(([a], [b]) => a - b)).toEqual(generated.map(([name, value]) => [value, name]));
  });

  it('looks back ten minutes for fleets reporting at 1 Hz, a day for parked bikes', () => {
    expect(POSITION_FLEETS.map((fleet) => [fleet, POSITION_HISTORY[fleet].stateLookbackSeconds])).toEqual([
      ['trucks', 600],
      ['bikes', 86_400],
      ['boats', 600],
      ['ambulances', 600],
    ]);
  });
});
