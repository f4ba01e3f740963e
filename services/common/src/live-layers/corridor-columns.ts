import { create } from '@bufbuild/protobuf';
import { CorridorColumnsSchema, type CorridorColumns } from '@urban-brain/proto';
import { phaseColour, worseDirection, type LiveCorridor } from './live-corridor';

// Entry i of every list belongs to corridor i: the worse direction's observation, and its signal
// groups and intersections counted by the colour of their newest phase.
export function toCorridorColumns(corridors: readonly LiveCorridor[]): CorridorColumns {
  const columns = create(CorridorColumnsSchema);
  for (const corridor of corridors) {
    const observed = worseDirection(corridor);
    const groups = { green: 0, amber: 0, red: 0, dark: 0 };
    for (const group of corridor.signalGroups.values()) groups[phaseColour(group.phaseState)]++;
    let darkIntersections = 0;
    for (const latest of corridor.intersections.values()) if (phaseColour(latest.phaseState) === 'dark') darkIntersections++;
    columns.corridorIds.push(corridor.corridorId);
    columns.arrivalsOnGreenPct.push(observed?.arrivalsOnGreenPct ?? 0);
    columns.travelTimeRatio.push(observed?.travelTimeRatio ?? 0);
    columns.stops.push(observed?.stops ?? 0);
    columns.vehicles.push(observed?.vehicles ?? 0);
    columns.direction.push(observed?.direction ?? 0);
    columns.observedAtMs.push(observed?.recordedAtMs ?? 0);
    columns.signalGroupsGreen.push(groups.green);
    columns.signalGroupsAmber.push(groups.amber);
    columns.signalGroupsRed.push(groups.red);
    columns.signalGroupsDark.push(groups.dark);
    columns.darkIntersections.push(darkIntersections);
    columns.intersections.push(corridor.intersections.size);
    columns.receivedAtMs.push(corridor.receivedAtMs);
  }
  return columns;
}
