import { create } from '@bufbuild/protobuf';
import { BikeCellColumnsSchema, type BikeCellColumns } from '@urban-brain/proto';
import type { BikeCell } from './bike-cells';

// Entry i of every list belongs to cell i. Bike and fence columns: toBikeColumns, toFenceColumns in @urban-brain/common.
export function toBikeCellColumns(cells: readonly BikeCell[]): BikeCellColumns {
  const columns = create(BikeCellColumnsSchema);
  columns.cellIds = cells.map((c) => c.cellId);
  columns.lon = cells.map((c) => c.lon);
  columns.lat = cells.map((c) => c.lat);
  columns.bikes = cells.map((c) => c.bikes);
  columns.outsideFence = cells.map((c) => c.outsideFence);
  columns.riding = cells.map((c) => c.riding);
  columns.faulty = cells.map((c) => c.faulty);
  return columns;
}
