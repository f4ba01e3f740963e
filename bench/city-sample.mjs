// Seeded random places in a city pack, shared by the benches that make up fleet messages (rules,
// backtest): a small deterministic PRNG (mulberry32), so runs are comparable, and the city's box,
// lake and fence centres to draw positions from.
export function citySample(pack, seed) {
  let state = seed;
  const random = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const between = (a, b) => a + random() * (b - a);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const [west, south, east, north] = pack.manifest.bbox;
  const lake = pack.layers.water.find((w) => w.geometry.type === 'Polygon');
  const lakeBox = lake.geometry.coordinates[0].reduce((b, [x, y]) => [Math.min(b[0], x), Math.min(b[1], y), Math.max(b[2], x), Math.max(b[3], y)], [Infinity, Infinity, -Infinity, -Infinity]);
  const onLake = () => {
    for (;;) {
      const p = [between(lakeBox[0], lakeBox[2]), between(lakeBox[1], lakeBox[3])];
      if (pack.inLake(p)) return p;
    }
  };
  const fences = pack.layers['bike-fences'].map((f) => {
    const ring = f.geometry.coordinates[0].slice(0, -1);
    return { id: f.id, lon: ring.reduce((s, p) => s + p[0], 0) / ring.length, lat: ring.reduce((s, p) => s + p[1], 0) / ring.length };
  });
  return { random, between, pick, west, south, east, north, lakeBox, onLake, fences };
}
