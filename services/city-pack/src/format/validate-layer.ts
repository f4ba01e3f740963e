import { type LayerKind } from './city-pack-format';
import { expectedGeometry, LAYER_PROPERTIES, type PackFeature, type PackGeometry } from './city-pack-layers.schema';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks one layer file's parsed JSON. Returns the features when every one is valid, and one problem
 * per bad feature, each naming the file, the feature's index and id, and the reason.
 */
export function validateLayer(kind: LayerKind, file: string, json: unknown): { features: PackFeature<PackGeometry, Record<string, unknown>>[]; problems: string[] } {
  if (!isObject(json) || json.type !== 'FeatureCollection' || !Array.isArray(json.features)) {
    return { features: [], problems: [`${file}: must be a GeoJSON FeatureCollection with a features array`] };
  }
  const problems: string[] = [];
  const firstIndexOfId = new Map<string, number>();
  json.features.forEach((feature: unknown, index: number) => {
    const id = isObject(feature) && typeof feature.id === 'string' ? feature.id : undefined;
    const where = `${file} feature ${index}${id !== undefined ? ` (id "${id}")` : ''}`;
    const reason = featureProblem(kind, feature);
    if (reason) {
      problems.push(`${where}: ${reason}`);
      return;
    }
    const earlier = firstIndexOfId.get(id!);
    if (earlier !== undefined) problems.push(`${where}: id repeats feature ${earlier}`);
    else firstIndexOfId.set(id!, index);
  });
  return { features: problems.length === 0 ? (json.features as PackFeature<PackGeometry, Record<string, unknown>>[]) : [], problems };
}

function featureProblem(kind: LayerKind, feature: unknown): string | null {
  if (!isObject(feature) || feature.type !== 'Feature') return 'must be a GeoJSON Feature';
  if (typeof feature.id !== 'string' || feature.id.length === 0) return 'needs a non-empty string id';
  if (!isObject(feature.properties)) return 'needs a properties object';
  const parsed = LAYER_PROPERTIES[kind].safeParse(feature.properties);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return `properties.${issue.path.join('.')}: ${issue.message}`;
  }
  if (!isObject(feature.geometry)) return 'needs a geometry';
  const expected = expectedGeometry(kind, feature.properties);
  if (feature.geometry.type !== expected) return `geometry must be a ${expected} (found ${String(feature.geometry.type)})`;
  return geometryProblem(expected, feature.geometry.coordinates);
}

function positionProblem(p: unknown): string | null {
  if (!Array.isArray(p) || p.length !== 2 || !p.every((v) => typeof v === 'number' && Number.isFinite(v))) return 'must be [lon, lat] (two finite numbers)';
  const [lon, lat] = p as [number, number];
  if (lon < -180 || lon > 180 || lat < -90 || lat > 90) return `[${lon}, ${lat}] is out of range (lon in [-180, 180], lat in [-90, 90])`;
  return null;
}

function positionsProblem(positions: unknown[], label: string): string | null {
  for (let i = 0; i < positions.length; i++) {
    const problem = positionProblem(positions[i]);
    if (problem) return `${label} position ${i} ${problem}`;
  }
  return null;
}

function geometryProblem(type: PackGeometry['type'], coordinates: unknown): string | null {
  switch (type) {
    case 'Point': {
      const problem = positionProblem(coordinates);
      return problem ? `Point coordinates ${problem}` : null;
    }
    case 'LineString':
      if (!Array.isArray(coordinates) || coordinates.length < 2) return 'LineString needs at least 2 positions';
      return positionsProblem(coordinates, 'LineString');
    case 'Polygon': {
      if (!Array.isArray(coordinates) || coordinates.length === 0) return 'Polygon needs at least one ring';
      for (let r = 0; r < coordinates.length; r++) {
        const ring: unknown = coordinates[r];
        if (!Array.isArray(ring) || ring.length < 4) return `Polygon ring ${r} needs at least 4 positions`;
        const problem = positionsProblem(ring, `Polygon ring ${r}`);
        if (problem) return problem;
        const [first, last] = [ring[0] as number[], ring[ring.length - 1] as number[]];
        if (first[0] !== last[0] || first[1] !== last[1]) return `Polygon ring ${r} must be closed (its last position repeats its first)`;
      }
      return null;
    }
  }
}
