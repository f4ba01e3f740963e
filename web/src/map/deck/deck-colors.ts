/** An RGBA colour as deck.gl takes it, 0-255 per channel. */
export type Rgba = [number, number, number, number];

/** '#rrggbb' (the palette tables' form) to RGBA. */
export function hexToRgba(hex: string, alpha = 255): Rgba {
  const value = Number.parseInt(hex.slice(1, 7), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255, alpha];
}

/** A palette keyed by small integers (task states) as one RGBA lookup table. */
export function paletteTable(colors: Record<number, string>, fallback: string): Uint8Array {
  const keys = Object.keys(colors).map(Number);
  const table = new Uint8Array((Math.max(0, ...keys) + 1) * 4);
  for (let key = 0; key * 4 < table.length; key++) table.set(hexToRgba(colors[key] ?? fallback), key * 4);
  return table;
}

/** Copies palette entry `key` (or entry 0 when out of range) into `out` at entity `index`. */
export function writeColor(out: Uint8Array, index: number, palette: Uint8Array, key: number): void {
  const at = key * 4 < palette.length ? key * 4 : 0;
  out[index * 4] = palette[at]!;
  out[index * 4 + 1] = palette[at + 1]!;
  out[index * 4 + 2] = palette[at + 2]!;
  out[index * 4 + 3] = palette[at + 3]!;
}
