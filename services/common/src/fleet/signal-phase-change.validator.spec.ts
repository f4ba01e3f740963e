import { create } from '@bufbuild/protobuf';
import { MovementPhaseState, SignalPhaseChangeSchema } from '@urban-brain/proto';
import { describe, expect, it } from 'vitest';
import { findSignalPhaseChangeProblem } from './signal-phase-change.validator';

const now = Date.UTC(2026, 10, 27, 8, 0, 0);
const start = BigInt(now - 2000);
const valid = () =>
  create(SignalPhaseChangeSchema, {
    intersectionId: 'HANAN-07',
    corridorId: 'HANAN-AVE',
    seq: 301,
    recordedAtMs: start,
    signalGroup: 2,
    phaseState: MovementPhaseState.PROTECTED_MOVEMENT_ALLOWED,
    startMs: start,
    minEndMs: start + 25_000n,
    maxEndMs: start + 40_000n,
  });

describe('findSignalPhaseChangeProblem', () => {
  it('accepts a plausible change, also with unknown end times and no corridor', () => {
    expect(findSignalPhaseChangeProblem(valid(), now)).toBeNull();
    expect(findSignalPhaseChangeProblem(Object.assign(valid(), { minEndMs: 0n, maxEndMs: 0n, corridorId: '' }), now)).toBeNull();
  });

  it.each([
    ['intersection_id', { intersectionId: '' }],
    ['corridor_id', { corridorId: 'Han an' }],
    ['seq', { seq: 0 }],
    ['recorded_at_ms', { recordedAtMs: BigInt(now + 600_000) }],
    ['signal_group', { signalGroup: 0 }],
    ['signal_group', { signalGroup: 256 }],
    ['phase_state', { phaseState: MovementPhaseState.UNSPECIFIED }],
    ['start_ms', { startMs: 0n }],
    ['min_end_ms', { minEndMs: start - 1n }],
    ['max_end_ms', { maxEndMs: start + 2n * 3_600_000n }],
    ['max_end_ms', { minEndMs: start + 30_000n, maxEndMs: start + 20_000n }],
  ])('refuses a bad %s', (field, patch) => {
    const change = Object.assign(valid(), patch);
    expect(findSignalPhaseChangeProblem(change, now)?.startsWith(`${field}:`)).toBe(true);
  });
});
