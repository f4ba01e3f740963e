import { computed } from 'vue';
import { corridorKpis } from '../dashboard/fleet-kpis';
import type { LiveFrames } from '../live/use-live-frames';

/** The green-wave corridors: table, version and KPIs, recounted only when a frame changed corridors. */
export function useCorridorFleet(live: LiveFrames) {
  const version = live.layerVersions.corridors;
  const kpis = computed(() => {
    void version.value;
    return corridorKpis(live.tables.corridors);
  });
  return { table: live.tables.corridors, version, kpis };
}
