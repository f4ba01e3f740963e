// Names of the places the wall talks about, from the city pack: the districts
// (their polygons place a truck, and the kiosk tours them), the green-wave
// corridors (a notice or the entity panel names the road, not its id) and the
// sites (an ambulance's station, the hospital a patient goes to).

export interface District {
  id: string;
  name: string;
  nameZh: string;
  /** Outer ring, lon/lat. */
  ring: [number, number][];
  /** West, south, east, north. */
  bounds: [number, number, number, number];
}

export interface PlaceName {
  name: string;
  nameZh: string;
}

interface PackFeature {
  id?: unknown;
  properties?: { name?: unknown; nameZh?: unknown; corridorId?: unknown };
  geometry?: { type?: string; coordinates?: unknown };
}

const nameOf = (feature: PackFeature): PlaceName => ({
  name: typeof feature.properties?.name === 'string' ? feature.properties.name : String(feature.id),
  nameZh: typeof feature.properties?.nameZh === 'string' ? feature.properties.nameZh : String(feature.id),
});

/** The districts of a pack layer answer; MultiPolygons keep their largest part. */
export function districtsFrom(body: unknown): District[] {
  const features = ((body as { features?: PackFeature[] })?.features ?? []).filter((f) => typeof f.id === 'string');
  const districts: District[] = [];
  for (const feature of features) {
    const { type, coordinates } = feature.geometry ?? {};
    let ring: [number, number][] | undefined;
    if (type === 'Polygon') ring = (coordinates as [number, number][][])[0];
    else if (type === 'MultiPolygon') ring = (coordinates as [number, number][][][]).map((polygon) => polygon[0]!).sort((a, b) => ringArea(b) - ringArea(a))[0];
    if (!ring || ring.length < 3) continue;
    let [west, south, east, north] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const [lon, lat] of ring) {
      west = Math.min(west, lon);
      east = Math.max(east, lon);
      south = Math.min(south, lat);
      north = Math.max(north, lat);
    }
    districts.push({ id: feature.id as string, ...nameOf(feature), ring, bounds: [west, south, east, north] });
  }
  return districts;
}

/** Shoelace area in square degrees: enough to tell a district's main part from an islet. */
function ringArea(ring: readonly [number, number][]): number {
  let twice = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) twice += (ring[j]![0] - ring[i]![0]) * (ring[j]![1] + ring[i]![1]);
  return Math.abs(twice) / 2;
}

/** Feature id -> name, for any named pack layer (corridors, sites). */
export function namesFrom(body: unknown): Map<string, PlaceName> {
  const names = new Map<string, PlaceName>();
  for (const feature of (body as { features?: PackFeature[] })?.features ?? []) {
    if (typeof feature.id === 'string') names.set(feature.id, nameOf(feature));
  }
  return names;
}

/** Intersection id -> the corridor it is on, from the pack's intersections layer (a dark-signal alert names the intersection). */
export function corridorsOfIntersectionsFrom(body: unknown): Map<string, string> {
  const corridors = new Map<string, string>();
  for (const feature of (body as { features?: PackFeature[] })?.features ?? []) {
    const corridor = feature.properties?.corridorId;
    if (typeof feature.id === 'string' && typeof corridor === 'string') corridors.set(feature.id, corridor);
  }
  return corridors;
}

/** Ray casting: is the point inside the ring? */
export function insideRing(lon: number, lat: number, ring: readonly [number, number][]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** The district holding a point, or null outside every district. */
export function districtAt(districts: readonly District[], lon: number, lat: number): District | null {
  for (const district of districts) {
    const [west, south, east, north] = district.bounds;
    if (lon < west || lon > east || lat < south || lat > north) continue;
    if (insideRing(lon, lat, district.ring)) return district;
  }
  return null;
}

/** A place's name in the wall's language. */
export const localName = (place: PlaceName, locale: string): string => (locale === 'zh-CN' ? place.nameZh : place.name);
