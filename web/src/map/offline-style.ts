import type { DataDrivenPropertyValueSpecification, FilterSpecification, LayerSpecification, StyleSpecification } from 'maplibre-gl';

export const BASEMAP_SOURCE = 'basemap';

// The base map is drawn only from the city pack the api serves (GET /api/city/basemap):
// no tiles, glyphs or sprites from anywhere, because an operations room cannot
// depend on the internet. Without glyphs there are no map-drawn text labels;
// names are HTML overlays (BasemapLayer.vue).
export const MAP_COLORS = {
  background: '#04070c',
  districtFill: '#0a1320',
  districtOutline: '#2b3c57',
  water: '#0b3558',
  waterEdge: '#1c6799',
  river: '#145082',
  road: { trunk: '#66758c', primary: '#505d72', secondary: '#3c4759' },
  street: '#1f2a3a',
  facility: '#e2e8f0',
  landmark: '#7b8799',
  // The ambulances' "to hospital" magenta, so a hospital reads as where they go.
  hospital: '#e040fb',
  // Restricted zones: amber at a school gate, the hospitals' magenta at an emergency approach.
  schoolGate: '#fbbf24',
} as const;

const byLayer = (layer: string): FilterSpecification => ['==', ['get', 'layer'], layer];
/** The restricted zones' outlines (Polygon) or their marks (Point), leaving out one kind if asked. */
const restrictedFilter = (geometry: 'Polygon' | 'Point', exceptKind?: string): FilterSpecification =>
  ['all', byLayer('restricted'), ['==', ['geometry-type'], geometry], ...(exceptKind ? [['!=', ['get', 'kind'], exceptKind]] : [])] as unknown as FilterSpecification;
const restrictedColor = ['match', ['get', 'kind'], 'school-gate', MAP_COLORS.schoolGate, MAP_COLORS.hospital] as unknown as DataDrivenPropertyValueSpecification<string>;

type Sized = DataDrivenPropertyValueSpecification<number>;
const roadWidth = (scale: number, trunk: number, primary: number, secondary: number) =>
  ['match', ['get', 'roadClass'], 'trunk', trunk * scale, 'primary', primary * scale, secondary * scale] as const;

// Line widths and circle sizes in screen pixels, times the wall's UI scale (a 4K
// wall at device pixel ratio 1 gets everything twice as thick as a 1920 screen).
const sized = {
  river: (s: number): Sized => ['interpolate', ['exponential', 1.6], ['zoom'], 11, 3 * s, 13, 8 * s, 16, 30 * s],
  districtOutline: (s: number): Sized => 2 * s,
  road: (s: number): Sized =>
    [
      'interpolate',
      ['exponential', 1.5],
      ['zoom'],
      11,
      roadWidth(s, 2.5, 2, 1.5),
      14,
      roadWidth(s, 7, 5.5, 4),
      17,
      roadWidth(s, 22, 16, 12),
    ] as unknown as Sized,
  street: (s: number): Sized => ['interpolate', ['exponential', 1.5], ['zoom'], 11, 0.8 * s, 14, 2 * s, 17, 7 * s],
  siteRadius: (s: number): Sized => ['interpolate', ['linear'], ['zoom'], 11, 5 * s, 15, 10 * s],
  siteStroke: (s: number): Sized => 3 * s,
  restrictedOutline: (s: number): Sized => 2 * s,
  restrictedMark: (s: number): Sized => ['interpolate', ['linear'], ['zoom'], 12, 3 * s, 15, 6 * s],
};

/** The basemap paint values that depend on the UI scale, to re-apply when the screen size changes. */
export function basemapScaledPaint(scale: number): { layer: string; property: string; value: Sized }[] {
  return [
    { layer: 'basemap-river', property: 'line-width', value: sized.river(scale) },
    { layer: 'basemap-district-outline', property: 'line-width', value: sized.districtOutline(scale) },
    { layer: 'basemap-street', property: 'line-width', value: sized.street(scale) },
    { layer: 'basemap-road', property: 'line-width', value: sized.road(scale) },
    { layer: 'basemap-site', property: 'circle-radius', value: sized.siteRadius(scale) },
    { layer: 'basemap-site', property: 'circle-stroke-width', value: sized.siteStroke(scale) },
    { layer: 'basemap-restricted-outline', property: 'line-width', value: sized.restrictedOutline(scale) },
    { layer: 'basemap-restricted-mark', property: 'circle-radius', value: sized.restrictedMark(scale) },
    { layer: 'basemap-restricted-mark', property: 'circle-stroke-width', value: sized.restrictedOutline(scale) },
  ];
}

export function basemapLayers(scale = 1): LayerSpecification[] {
  const c = MAP_COLORS;
  return [
    {
      id: 'basemap-district-fill',
      type: 'fill',
      source: BASEMAP_SOURCE,
      filter: byLayer('district'),
      paint: { 'fill-color': c.districtFill, 'fill-opacity': 0.95 },
    },
    {
      // Under the lake: the lake is the river's widened reach and reads as one water body.
      id: 'basemap-river',
      type: 'line',
      source: BASEMAP_SOURCE,
      filter: byLayer('river'),
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': c.river, 'line-width': sized.river(scale) },
    },
    {
      id: 'basemap-lake',
      type: 'fill',
      source: BASEMAP_SOURCE,
      filter: byLayer('lake'),
      paint: { 'fill-color': c.water, 'fill-outline-color': c.waterEdge },
    },
    {
      id: 'basemap-district-outline',
      type: 'line',
      source: BASEMAP_SOURCE,
      filter: byLayer('district'),
      paint: { 'line-color': c.districtOutline, 'line-width': sized.districtOutline(scale), 'line-dasharray': [3, 2] },
    },
    {
      // Under the main roads: the grid trucks and bikes use, kept quiet so the named roads read first.
      id: 'basemap-street',
      type: 'line',
      source: BASEMAP_SOURCE,
      filter: byLayer('street'),
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': c.street, 'line-width': sized.street(scale) },
    },
    {
      id: 'basemap-road',
      type: 'line',
      source: BASEMAP_SOURCE,
      filter: byLayer('road'),
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: {
        'line-color': ['match', ['get', 'roadClass'], 'trunk', c.road.trunk, 'primary', c.road.primary, c.road.secondary],
        'line-width': sized.road(scale),
      },
    },
    {
      // Over the roads they lie on, translucent, so the road and the vehicles on it still read.
      id: 'basemap-restricted-fill',
      type: 'fill',
      source: BASEMAP_SOURCE,
      filter: restrictedFilter('Polygon'),
      paint: { 'fill-color': restrictedColor, 'fill-opacity': 0.22 },
    },
    {
      id: 'basemap-restricted-outline',
      type: 'line',
      source: BASEMAP_SOURCE,
      filter: restrictedFilter('Polygon'),
      paint: { 'line-color': restrictedColor, 'line-width': sized.restrictedOutline(scale), 'line-dasharray': [2, 1.5] },
    },
    {
      // Zoomed out a 40 m zone is a pixel or two: a mark at its middle says where it is, and gives way
      // to the outline as the zone grows (from zoom 15.5 it is gone). Not on the 1080p wall's whole-city
      // view (zoom under 13), where trucks and bikes need the room; not at a hospital, whose own mark
      // is a few metres away.
      id: 'basemap-restricted-mark',
      type: 'circle',
      source: BASEMAP_SOURCE,
      minzoom: 13,
      maxzoom: 15.5,
      filter: restrictedFilter('Point', 'hospital-entrance'),
      paint: {
        'circle-radius': sized.restrictedMark(scale),
        'circle-color': restrictedColor,
        'circle-opacity': 0.25,
        'circle-stroke-color': restrictedColor,
        'circle-stroke-width': sized.restrictedOutline(scale),
      },
    },
    {
      id: 'basemap-site',
      type: 'circle',
      source: BASEMAP_SOURCE,
      filter: byLayer('site'),
      paint: {
        'circle-radius': sized.siteRadius(scale),
        'circle-color': c.background,
        'circle-stroke-width': sized.siteStroke(scale),
        'circle-stroke-color': ['match', ['get', 'kind'], 'landmark', c.landmark, 'hospital', c.hospital, c.facility],
      },
    },
  ];
}

export function offlineStyle(scale = 1): StyleSpecification {
  return {
    version: 8,
    name: 'Urban Brain offline',
    sources: { [BASEMAP_SOURCE]: { type: 'geojson', data: { type: 'FeatureCollection', features: [] } } },
    layers: [{ id: 'background', type: 'background', paint: { 'background-color': MAP_COLORS.background } }, ...basemapLayers(scale)],
  };
}
