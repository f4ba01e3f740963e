import { computed } from 'vue';
import { boatKpis } from '../dashboard/fleet-kpis';
import type { LiveFrames } from '../live/use-live-frames';

/** The lake-cleanup boats: table, version and KPIs, recounted only when a frame changed boats. */
export function useBoatFleet(live: LiveFrames) {
  const version = live.layerVersions.boats;
  const kpis = computed(() => {
    void version.value;
    return boatKpis(live.tables.boats);
  });
  return { table: live.tables.boats, version, kpis };
}
