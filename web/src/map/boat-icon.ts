import { BoatTaskState } from '@urban-brain/proto';

// Boats are drawn as a hull pointing along the heading (not a dot like trucks
// and bikes), one canvas-made image per task colour, so the map needs no sprite sheet.
export const BOAT_ICON_PIXEL_RATIO = 2;

export const BOAT_TASK_COLORS: Record<BoatTaskState, string> = {
  [BoatTaskState.UNSPECIFIED]: '#94a3b8',
  [BoatTaskState.SWEEPING]: '#22d3ee',
  [BoatTaskState.RETURNING]: '#fde047',
  [BoatTaskState.DOCKED]: '#cbd5e1',
  [BoatTaskState.CHARGING]: '#a78bfa',
};

export const boatIconName = (task: BoatTaskState): string => `boat-${task}`;

export function boatIcon(fill: string, sizePx = 64): ImageData {
  const canvas = document.createElement('canvas');
  canvas.width = sizePx;
  canvas.height = sizePx;
  const ctx = canvas.getContext('2d')!;
  const s = sizePx;
  // A hull with a pointed bow to the north (icon-rotate turns it to the heading).
  ctx.beginPath();
  ctx.moveTo(s * 0.5, s * 0.06);
  ctx.quadraticCurveTo(s * 0.8, s * 0.3, s * 0.76, s * 0.9);
  ctx.lineTo(s * 0.24, s * 0.9);
  ctx.quadraticCurveTo(s * 0.2, s * 0.3, s * 0.5, s * 0.06);
  ctx.closePath();
  ctx.fillStyle = fill;
  ctx.fill();
  ctx.lineWidth = s * 0.07;
  ctx.strokeStyle = '#04070c';
  ctx.stroke();
  return ctx.getImageData(0, 0, s, s);
}
