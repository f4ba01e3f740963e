// Synthetic fleet for the frame-rate benchmark: N entities spread over central
// Neijiang, each drifting at street speed with a task state, in the same typed
// columns the live tables hold. Seeded, so both drawers get identical entities.

const WEST = 104.99;
const EAST = 105.14;
const SOUTH = 29.52;
const NORTH = 29.65;

export interface MovingEntities {
  count: number;
  /** lon, lat interleaved. */
  positions: Float64Array;
  /** A small category per entity (task state, parking state...), drawn as colour. */
  states: Uint8Array;
  velocities: Float64Array;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function createMovingEntities(count: number, seed = 42): MovingEntities {
  const random = mulberry32(seed);
  const positions = new Float64Array(count * 2);
  const velocities = new Float64Array(count * 2);
  const states = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    positions[2 * i] = WEST + random() * (EAST - WEST);
    positions[2 * i + 1] = SOUTH + random() * (NORTH - SOUTH);
    // Up to ~40 km/h: 0.0001 degree ≈ 10 m per second.
    const heading = random() * 2 * Math.PI;
    const speed = 0.00004 + random() * 0.00007;
    velocities[2 * i] = Math.cos(heading) * speed;
    velocities[2 * i + 1] = Math.sin(heading) * speed;
    states[i] = Math.floor(random() * 4);
  }
  return { count, positions, states, velocities };
}

/** Moves every entity by `seconds` of travel, bouncing off the edges of the area. */
export function advance(entities: MovingEntities, seconds: number): void {
  const { positions, velocities, count } = entities;
  for (let i = 0; i < count; i++) {
    for (let axis = 0; axis < 2; axis++) {
      const k = 2 * i + axis;
      const low = axis === 0 ? WEST : SOUTH;
      const high = axis === 0 ? EAST : NORTH;
      let value = positions[k]! + velocities[k]! * seconds;
      if (value < low || value > high) {
        velocities[k] = -velocities[k]!;
        value = Math.min(high, Math.max(low, value));
      }
      positions[k] = value;
    }
  }
}
