import { computed } from 'vue';
import { bikeKpis } from '../dashboard/fleet-kpis';
import type { LiveFrames } from '../live/use-live-frames';

/** The shared bikes: table, version and KPIs, recounted only when a frame changed bikes. */
export function useBikeFleet(live: LiveFrames) {
  const version = live.layerVersions.bikes;
  const kpis = computed(() => {
    void version.value;
    return bikeKpis(live.tables.bikes);
  });
  return { table: live.tables.bikes, version, kpis };
}
