import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { basemapFeatureCollection } from '@urban-brain/common';

export type Basemap = ReturnType<typeof basemapFeatureCollection>;

/** The city pack's base map, built once: it changes only when the service is redeployed. */
@Injectable()
export class CityService {
  private readonly basemapBody: Basemap = basemapFeatureCollection();
  // A strong validator from the content, so browsers revalidate with If-None-Match and get a 304.
  private readonly basemapEtag = `"${createHash('sha256').update(JSON.stringify(this.basemapBody)).digest('base64url').slice(0, 27)}"`;

  basemap(): { body: Basemap; etag: string } {
    return { body: this.basemapBody, etag: this.basemapEtag };
  }
}
