// The heading arrow drawn inside each moving truck's dot, made on a canvas at
// runtime so the map needs no sprite sheet from a server.
export const TRUCK_HEADING_ICON = 'truck-heading';
export const TRUCK_HEADING_ICON_PIXEL_RATIO = 2;

export function truckHeadingIcon(sizePx = 48): ImageData {
  const canvas = document.createElement('canvas');
  canvas.width = sizePx;
  canvas.height = sizePx;
  const ctx = canvas.getContext('2d')!;
  const s = sizePx;
  // An arrowhead pointing north (icon-rotate turns it to the heading).
  ctx.beginPath();
  ctx.moveTo(s * 0.5, s * 0.08);
  ctx.lineTo(s * 0.86, s * 0.86);
  ctx.lineTo(s * 0.5, s * 0.66);
  ctx.lineTo(s * 0.14, s * 0.86);
  ctx.closePath();
  ctx.fillStyle = '#05080d';
  ctx.fill();
  return ctx.getImageData(0, 0, s, s);
}
