import { describe, expect, it } from 'vitest';
import { basemapScaledPaint, offlineStyle } from './offline-style';

describe('offlineStyle', () => {
  const style = offlineStyle();

  it('references nothing outside the page (no glyphs, sprites, tiles or URLs)', () => {
    expect(style).not.toHaveProperty('glyphs');
    expect(style).not.toHaveProperty('sprite');
    expect(JSON.stringify(style)).not.toMatch(/https?:|mapbox:|\/\/|\{z\}/);
    for (const source of Object.values(style.sources)) expect(source.type).toBe('geojson');
  });

  it('has no text layers (they would need glyphs)', () => {
    for (const layer of style.layers) expect(JSON.stringify(layer)).not.toContain('text-field');
  });

  it('scales line widths and circles for a bigger wall, and names only layers the style has', () => {
    const ids = new Set(style.layers.map((l) => l.id));
    for (const { layer } of basemapScaledPaint(2)) expect(ids).toContain(layer);
    const outline = (scale: number) => basemapScaledPaint(scale).find((p) => p.layer === 'basemap-district-outline')!.value;
    expect(outline(2)).toBe(2 * (outline(1) as number));
    const roadAt1 = JSON.stringify(basemapScaledPaint(1).find((p) => p.layer === 'basemap-road')!.value);
    expect(JSON.stringify(offlineStyle(1).layers.find((l) => l.id === 'basemap-road'))).toContain(roadAt1);
  });

  it('draws every basemap layer kind the api serves', () => {
    const filters = JSON.stringify(style.layers.map((l) => ('filter' in l ? l.filter : null)));
    for (const kind of ['district', 'river', 'lake', 'road', 'street', 'site', 'restricted']) expect(filters).toContain(`"${kind}"`);
  });
});
