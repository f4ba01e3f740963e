// One small icon atlas made on a canvas at runtime (no sprite sheet from a
// server, works offline): white shapes tinted per entity by deck (mask mode).
export const ICON_CELL_PX = 64;

export interface IconAtlas {
  atlas: HTMLCanvasElement;
  mapping: Record<'arrow' | 'hull' | 'cross', { x: number; y: number; width: number; height: number; mask: true }>;
}

export function createIconAtlas(): IconAtlas {
  const s = ICON_CELL_PX;
  const canvas = document.createElement('canvas');
  canvas.width = s * 3;
  canvas.height = s;
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#ffffff';
  // An arrowhead pointing north (getAngle turns it to the heading).
  ctx.beginPath();
  ctx.moveTo(s * 0.5, s * 0.08);
  ctx.lineTo(s * 0.86, s * 0.86);
  ctx.lineTo(s * 0.5, s * 0.66);
  ctx.lineTo(s * 0.14, s * 0.86);
  ctx.closePath();
  ctx.fill();
  // A boat hull with a pointed bow to the north.
  ctx.beginPath();
  ctx.moveTo(s + s * 0.5, s * 0.04);
  ctx.quadraticCurveTo(s + s * 0.84, s * 0.3, s + s * 0.78, s * 0.94);
  ctx.lineTo(s + s * 0.22, s * 0.94);
  ctx.quadraticCurveTo(s + s * 0.16, s * 0.3, s + s * 0.5, s * 0.04);
  ctx.closePath();
  ctx.fill();
  // A medical cross (the ambulances), square to the screen: no heading.
  const arm = s * 0.2;
  ctx.fillRect(2 * s + s * 0.5 - arm, s * 0.14, arm * 2, s * 0.72);
  ctx.fillRect(2 * s + s * 0.14, s * 0.5 - arm, s * 0.72, arm * 2);
  return {
    atlas: canvas,
    mapping: {
      arrow: { x: 0, y: 0, width: s, height: s, mask: true },
      hull: { x: s, y: 0, width: s, height: s, mask: true },
      cross: { x: 2 * s, y: 0, width: s, height: s, mask: true },
    },
  };
}
