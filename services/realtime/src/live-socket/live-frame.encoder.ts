import { create, toBinary } from '@bufbuild/protobuf';
import { LiveFrameSchema, type FeedHealth } from '@urban-brain/proto';
import { LIVE_LAYER_TOTALS, LIVE_TABLE_ENTRIES, LIVE_TABLES, type LayerTally, type LiveTable, type LiveTableEntries, type TotalsLayer } from '../fleets/live-fleet.registry';
import type { LayerFrameFields } from '../fleets/live-layer';
import type { LiveChanges } from '../live-state/live-state-store';

// Each table's columns are laid out by its fleet (src/fleets/<fleet>/): entry i of every list
// belongs to entity i. Columns encode as packed arrays, far smaller than one object per entity.

/** Each table's changes as the LiveFrame fields it fills: its columns and its removed ids (from the live-fleet registry). */
export const LAYER_FRAME_ENCODERS = Object.fromEntries(
  LIVE_TABLES.map((table) => [table, (changes: LiveChanges<never>) => LIVE_TABLE_ENTRIES[table].toFrameFields(changes)]),
) as { readonly [T in LiveTable]: (changes: LiveChanges<LiveTableEntries[T]>) => LayerFrameFields };

/** Each totals layer's fleet-wide figures as the LiveFrame field they fill (from the live-fleet registry). */
export const LAYER_TOTALS_ENCODERS = Object.fromEntries(
  Object.entries(LIVE_LAYER_TOTALS).map(([layer, totals]) => [layer, (tally: never) => totals.toFrameFields(tally)]),
) as { readonly [L in TotalsLayer]: (tally: LayerTally[L]) => LayerFrameFields };

export interface LiveFrameParts extends LayerFrameFields {
  frameSeq: number;
  sentAtMs: number;
  snapshot: boolean;
  feedHealth?: FeedHealth;
}

export function encodeLiveFrame(parts: Partial<LiveFrameParts>): Uint8Array {
  return toBinary(LiveFrameSchema, create(LiveFrameSchema, parts));
}

/**
 * A frame from its header and its parts' encoded fields. Serialized protobuf messages concatenate
 * into their merge, and the parts fill disjoint fields, so this decodes exactly as one
 * `encodeLiveFrame` of everything would, without re-encoding a part shared by many clients.
 */
export function joinLiveFrame(header: Pick<LiveFrameParts, 'frameSeq' | 'sentAtMs' | 'snapshot' | 'feedHealth'>, encodedParts: readonly Uint8Array[]): Uint8Array {
  const head = encodeLiveFrame(header);
  let length = head.length;
  for (const part of encodedParts) length += part.length;
  const frame = new Uint8Array(length);
  frame.set(head, 0);
  let offset = head.length;
  for (const part of encodedParts) {
    frame.set(part, offset);
    offset += part.length;
  }
  return frame;
}
