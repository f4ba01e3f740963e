/** How to renumber a device's messages: a grid-reporting fleet's readings carry a per-device seq. */
export interface DeviceSeq<M> {
  deviceOf(message: M): string;
  seqOf(message: M): number;
  setSeq(message: M, seq: number): void;
}

/** A grid fleet's stream as DeviceSeq: device and seq as its descriptor reads them; seq rewritten in place. */
export function deviceSeqOf<M extends { seq: number }>(stream: { deviceOf(message: M): string; seqOf(message: M): number }): DeviceSeq<M> {
  return { deviceOf: (m) => stream.deviceOf(m), seqOf: (m) => stream.seqOf(m), setSeq: (m, seq) => (m.seq = seq) };
}

const MINUTE_MS = 60_000;

/**
 * Which of a grid-reporting fleet's 1 s readings of the past are sent, and their seq.
 *
 * The past is sent every `intervalMs` plus the last second of every minute. The roll-ups of
 * migration 006 take per minute the rise of a boat's debris (last - first) and a truck's unload
 * (max - last), so what a minute loses is the step from its last reading to the next minute's
 * first; with a reading at :59 and one at :00 that step is one second, as at 1 Hz, and tonnage
 * and debris come out as they would at 1 Hz. Distance (sum of speed / 3600, one second per
 * reading) is under-counted in the past in proportion: 13 readings a minute at 5 s.
 *
 * Readings not sent never consume a seq: each device's seq stays gapless, backfill then live.
 */
export class PastReports<M> {
  private readonly skipped = new Map<string, number>();

  constructor(
    private readonly seq: DeviceSeq<M> | null,
    private readonly intervalMs: number,
  ) {}

  /** Whether the readings of the tick at gridMs (a whole second) are sent. */
  keepsTickAt(gridMs: number): boolean {
    if (!this.seq || this.intervalMs <= 1000) return true;
    return gridMs % this.intervalMs === 0 || gridMs % MINUTE_MS === MINUTE_MS - 1000;
  }

  /** The messages of one tick of the past (or of a warm-up, never sent) with their seq renumbered. */
  past(messages: M[], gridMs: number, warmUp = false): M[] {
    if (!this.seq) return warmUp ? [] : messages;
    if (warmUp || !this.keepsTickAt(gridMs)) {
      for (const m of messages) this.skip(m);
      return [];
    }
    return this.live(messages);
  }

  /** Live messages: every one sent, seq continuing from the past's. */
  live(messages: M[]): M[] {
    const seq = this.seq;
    if (!seq || this.skipped.size === 0) return messages;
    for (const m of messages) {
      const skipped = this.skipped.get(seq.deviceOf(m)) ?? 0;
      if (skipped > 0) seq.setSeq(m, seq.seqOf(m) - skipped);
    }
    return messages;
  }

  private skip(m: M): void {
    const device = this.seq!.deviceOf(m);
    this.skipped.set(device, (this.skipped.get(device) ?? 0) + 1);
  }
}
