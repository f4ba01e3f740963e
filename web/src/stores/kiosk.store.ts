import { defineStore } from 'pinia';

/** `?kiosk=1` (or true/yes) asks for kiosk mode; `tourSeconds` shortens the stops for tests and demos. */
export function kioskFromSearch(search: string): { active: boolean; tourSeconds: number } {
  const query = new URLSearchParams(search);
  const active = ['1', 'true', 'yes', 'on'].includes((query.get('kiosk') ?? '').toLowerCase());
  const asked = Number(query.get('tourSeconds'));
  return { active, tourSeconds: Number.isFinite(asked) && asked >= 3 ? asked : DEFAULT_TOUR_SECONDS };
}

// Twenty seconds a district: long enough to read the tiles against the map, short
// enough that the whole city comes round every minute or two.
export const DEFAULT_TOUR_SECONDS = 20;

// Global: the app hides its chrome, the map tours and the top bar shows the stop.
export const useKioskStore = defineStore('kiosk', {
  state: () => ({
    active: false,
    tourSeconds: DEFAULT_TOUR_SECONDS,
    /** The tour's stop on screen: a district id, 'city', or null when the tour is not running. */
    stop: null as string | null,
    /** The stop's name in both languages, for the badge. */
    stopName: null as { en: string; zh: string } | null,
    /** Someone touched the wall: the tour waits until they leave it alone. */
    paused: false,
    /** Map centre after the tour's last move (lon, lat): what a test reads to see the map move. */
    center: null as [number, number] | null,
  }),
  actions: {
    initFromSearch(search: string): void {
      const asked = kioskFromSearch(search);
      this.active = asked.active;
      this.tourSeconds = asked.tourSeconds;
    },
    toggle(): void {
      this.active = !this.active;
      if (!this.active) {
        this.stop = null;
        this.stopName = null;
        this.paused = false;
      }
    },
  },
});
