import { computed } from 'vue';
import { callKpisInView } from '../dashboard/ambulance-kpis';
import type { LiveFrames } from '../live/use-live-frames';

/** The "120" ambulances and their open calls: tables, version and call KPIs, recounted only when a frame changed the layer. */
export function useAmbulanceFleet(live: LiveFrames) {
  const version = live.layerVersions.ambulances;
  const callKpis = computed(() => {
    void version.value;
    return callKpisInView(live.tables.calls);
  });
  return { ambulances: live.tables.ambulances, calls: live.tables.calls, version, callKpis };
}
