import { computed } from 'vue';
import { truckKpis } from '../dashboard/truck-kpis';
import { trucksOnDuty } from '../dashboard/fleet-kpis';
import type { LiveFrames } from '../live/use-live-frames';

/** The sanitation trucks: table, version and KPIs, recounted only when a frame changed trucks. */
export function useTruckFleet(live: LiveFrames) {
  const version = live.layerVersions.trucks;
  const kpis = computed(() => {
    void version.value;
    return { ...truckKpis(live.tables.trucks), onDuty: trucksOnDuty(live.tables.trucks) };
  });
  return { table: live.tables.trucks, version, kpis };
}
