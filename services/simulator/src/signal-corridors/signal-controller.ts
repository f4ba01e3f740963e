import { MovementPhaseState } from '@urban-brain/proto';

/** The corridor through-movement's fixed-time plan, seconds within the cycle. */
export interface SignalTiming {
  cycleS: number;
  greenS: number;
  amberS: number;
  /** When green starts, seconds after the corridor's cycle reference (J2735 offset). */
  offsetS: number;
}

export interface SignalPhase {
  state: MovementPhaseState;
  startMs: number;
  /** 0 when unknown (a dark signal has no planned end). */
  endMs: number;
}

/**
 * One intersection controller running a fixed-time plan on its own clock. In sync its clock
 * is the corridor's; losing sync, it runs `driftRate` fast from `driftFromMs` on, so its
 * offset grows by driftRate seconds every second. Dark from `darkFromMs`: heads switched off.
 */
export class SignalController {
  driftRate = 0;
  driftFromMs = Infinity;
  darkFromMs = Infinity;

  constructor(readonly timing: SignalTiming) {}

  /** Seconds into the plan's cycle at wall time t (before the mod). */
  private localS(tMs: number): number {
    const drift = tMs > this.driftFromMs ? (this.driftRate * (tMs - this.driftFromMs)) / 1000 : 0;
    return tMs / 1000 - this.timing.offsetS - drift;
  }

  private wallMsAt(localS: number): number {
    const pivotLocal = this.localS(this.driftFromMs);
    if (!Number.isFinite(this.driftFromMs) || localS <= pivotLocal) return (localS + this.timing.offsetS) * 1000;
    return this.driftFromMs + ((localS - pivotLocal) / (1 - this.driftRate)) * 1000;
  }

  /** Offset error against the plan at time t, seconds (what a drifting controller has lost). */
  offsetErrorS(tMs: number): number {
    return tMs > this.driftFromMs ? (this.driftRate * (tMs - this.driftFromMs)) / 1000 : 0;
  }

  /** The phase in force at wall time t. */
  phaseAt(tMs: number): SignalPhase {
    if (tMs >= this.darkFromMs) return { state: MovementPhaseState.DARK, startMs: this.darkFromMs, endMs: 0 };
    const { cycleS, greenS, amberS } = this.timing;
    const local = this.localS(tMs);
    const cycleStart = Math.floor(local / cycleS) * cycleS;
    const inCycle = local - cycleStart;
    let phase: { state: MovementPhaseState; from: number; to: number };
    if (inCycle < greenS) phase = { state: MovementPhaseState.PROTECTED_MOVEMENT_ALLOWED, from: 0, to: greenS };
    else if (inCycle < greenS + amberS) phase = { state: MovementPhaseState.PROTECTED_CLEARANCE, from: greenS, to: greenS + amberS };
    else phase = { state: MovementPhaseState.STOP_AND_REMAIN, from: greenS + amberS, to: cycleS };
    const startMs = Math.round(this.wallMsAt(cycleStart + phase.from));
    let endMs = Math.round(this.wallMsAt(cycleStart + phase.to));
    if (endMs > this.darkFromMs) endMs = this.darkFromMs;
    return { state: phase.state, startMs, endMs };
  }

  /** The next time at or after t when the through movement turns green (Infinity when dark by then). */
  nextGreenMs(tMs: number): number {
    let phase = this.phaseAt(tMs);
    for (let guard = 0; guard < 4; guard++) {
      if (phase.state === MovementPhaseState.PROTECTED_MOVEMENT_ALLOWED) return Math.max(tMs, phase.startMs);
      if (phase.state === MovementPhaseState.DARK || phase.endMs === 0) return Infinity;
      // 1 ms past the end: the end is rounded to the millisecond, the boundary is not.
      phase = this.phaseAt(phase.endMs + 1);
    }
    return Infinity;
  }
}
