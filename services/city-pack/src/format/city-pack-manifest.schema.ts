import { z } from 'zod';
import { CITY_PACK_FORMAT, CITY_PACK_FORMAT_VERSION, LAYER_KINDS, LAYERS_ADDED_LATER } from './city-pack-format';

const lon = z.number().min(-180).max(180);
const lat = z.number().min(-90).max(90);

export const layerEntrySchema = z.object({
  kind: z.enum(LAYER_KINDS),
  // A plain file name inside the pack folder: a pack must be movable as one folder.
  file: z
    .string()
    .regex(/^[A-Za-z0-9._-]+\.geojson$/, 'must be a file name in the pack folder ending in .geojson')
    .refine((f) => !f.startsWith('.'), 'must not start with a dot'),
  // True when the source had nothing for this layer (e.g. an OSM extract without bicycle parking).
  empty: z.boolean().optional(),
  note: z.string().optional(),
});

export const cityPackManifestSchema = z
  .object({
    format: z.literal(CITY_PACK_FORMAT),
    formatVersion: z.literal(CITY_PACK_FORMAT_VERSION, {
      errorMap: () => ({ message: `this loader reads format version ${CITY_PACK_FORMAT_VERSION}` }),
    }),
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lowercase letters, digits and dashes'),
    name: z.string().min(1),
    nameZh: z.string().optional(),
    centre: z.tuple([lon, lat]),
    bbox: z.tuple([lon, lat, lon, lat]),
    approximate: z.boolean(),
    // Required when approximate: whoever draws the map must be able to say what is not surveyed.
    approximateNote: z.string().optional(),
    attribution: z.string().min(1),
    source: z.string().optional(),
    layers: z.array(layerEntrySchema),
  })
  .passthrough()
  .superRefine((m, ctx) => {
    const [west, south, east, north] = m.bbox;
    if (west >= east || south >= north) ctx.addIssue({ code: 'custom', path: ['bbox'], message: 'must be [west, south, east, north] with west < east and south < north' });
    else if (m.centre[0] < west || m.centre[0] > east || m.centre[1] < south || m.centre[1] > north) {
      ctx.addIssue({ code: 'custom', path: ['centre'], message: 'must lie inside bbox' });
    }
    if (m.approximate && !m.approximateNote) ctx.addIssue({ code: 'custom', path: ['approximateNote'], message: 'is required when approximate is true' });
    for (const kind of LAYER_KINDS) {
      const count = m.layers.filter((l) => l.kind === kind).length;
      if (count === 0 && LAYERS_ADDED_LATER.includes(kind)) continue;
      if (count !== 1) ctx.addIssue({ code: 'custom', path: ['layers'], message: `must list layer "${kind}" exactly once (found ${count})` });
    }
    const files = m.layers.map((l) => l.file);
    const repeated = files.find((f, i) => files.indexOf(f) !== i);
    if (repeated) ctx.addIssue({ code: 'custom', path: ['layers'], message: `file "${repeated}" is listed twice` });
  });

export type CityPackManifest = z.infer<typeof cityPackManifestSchema>;
export type LayerEntry = z.infer<typeof layerEntrySchema>;
