// A fixed-size ring of the most recent latency samples (ms). Bounded on purpose:
// the wall screen runs for weeks and must not accumulate history.
export class LatencySamples {
  private readonly ring: Float64Array;
  private next = 0;
  private count = 0;

  constructor(readonly capacity = 4096) {
    this.ring = new Float64Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  push(ms: number): void {
    this.ring[this.next] = ms;
    this.next = (this.next + 1) % this.capacity;
    if (this.count < this.capacity) this.count++;
  }

  /** Oldest first. */
  values(): number[] {
    const out = new Array<number>(this.count);
    const start = this.count < this.capacity ? 0 : this.next;
    for (let i = 0; i < this.count; i++) out[i] = this.ring[(start + i) % this.capacity]!;
    return out;
  }

  /** Nearest-rank percentile (p in 0..100), or null with no samples. */
  percentile(p: number): number | null {
    if (this.count === 0) return null;
    const sorted = this.values().sort((a, b) => a - b);
    const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
    return sorted[rank]!;
  }
}
