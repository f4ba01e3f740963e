import { AMBULANCES_FLEET } from './ambulances.fleet';
import { BIKES_FLEET } from './bikes.fleet';
import { BOATS_FLEET } from './boats.fleet';
import type { FleetDescriptor, FleetStreamDescriptor } from './fleet-descriptor';
import { SIGNALS_FLEET } from './signals.fleet';
import { TRUCKS_FLEET } from './trucks.fleet';

/** Every fleet of the product. A new fleet is a module beside these and one line here. */
export const FLEETS: readonly FleetDescriptor[] = [TRUCKS_FLEET, BIKES_FLEET, BOATS_FLEET, SIGNALS_FLEET, AMBULANCES_FLEET];

/** Every fleet stream, in the fleets' order. */
export const FLEET_STREAMS: readonly FleetStreamDescriptor[] = FLEETS.flatMap((fleet) => fleet.streams);

/** The stream named `name` ("truck-readings"), or an error naming the streams there are. */
export function fleetStream(name: string): FleetStreamDescriptor {
  const stream = FLEET_STREAMS.find((s) => s.name === name);
  if (!stream) throw new Error(`no fleet stream named ${JSON.stringify(name)}; streams: ${FLEET_STREAMS.map((s) => s.name).join(', ')}`);
  return stream;
}
