import type { Rgba } from './deck-colors';

/** What every fleet's builder needs besides its data. */
export interface DeckLayerStyle {
  /** 1 on a 1920 px wide screen, up to 2.5 on a 4K wall (see uiScaleFor). */
  scale: number;
  /** No live data: everything drawn faded, so nobody reads it as current. */
  stale: boolean;
  /** Click-to-select; omit for a picture only (the benchmark). */
  pickable?: boolean;
}

export const STALE_OPACITY = 0.3;
export const opacityFor = (style: DeckLayerStyle): number => (style.stale ? STALE_OPACITY : 1);

// deck.gl's TextLayers draw their glyph atlas on a canvas once, with whatever font is loaded then;
// ours only write digits and "kg" (their characterSet), which every Latin face has, so no Chinese
// glyph can end up as a box there and nothing waits for the web font. A label with Chinese text
// would have to await document.fonts.load for its characters before its layer is built.
/** The face of the map's deck.gl labels: the wall's Latin stack, then the bundled Noto Sans SC. */
export const DECK_LABEL_FONT_FAMILY = 'Inter, "Noto Sans", "DejaVu Sans", "Noto Sans SC", sans-serif';

/** The ring drawn around the selected entity, in every layer. */
export const SELECTION_RING: Rgba = [255, 255, 255, 255];

/** Packs two Float64 columns into the interleaved [lon, lat, ...] array deck reads. */
export function packPositions(lon: ArrayLike<number>, lat: ArrayLike<number>, size: number, order?: ArrayLike<number>): Float64Array {
  const out = new Float64Array(size * 2);
  for (let i = 0; i < size; i++) {
    const row = order ? order[i]! : i;
    out[i * 2] = lon[row]!;
    out[i * 2 + 1] = lat[row]!;
  }
  return out;
}
