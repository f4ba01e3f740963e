import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { type Basemap, type CityPack, type CityPackManifest, cityPackBasemap, LAYER_KINDS, type LayerKind } from '@urban-brain/city-pack';
import { DomainError } from '../common/domain-error';
import { CITY_PACK } from './city-pack.token';

export interface CachedBody<T> {
  body: T;
  etag: string;
}

// A strong validator from the content, so browsers revalidate with If-None-Match and get a 304.
const etagOf = (body: unknown) => `"${createHash('sha256').update(JSON.stringify(body)).digest('base64url').slice(0, 27)}"`;
const cached = <T>(body: T): CachedBody<T> => ({ body, etag: etagOf(body) });

/** The city pack's manifest, layers and base map, built once: a pack changes only when the api restarts. */
@Injectable()
export class CityService {
  private readonly basemapBody: CachedBody<Basemap>;
  private readonly manifestBody: CachedBody<CityPackManifest>;
  private readonly layerBodies = new Map<LayerKind, CachedBody<unknown>>();

  constructor(@Inject(CITY_PACK) private readonly pack: CityPack) {
    this.basemapBody = cached(cityPackBasemap(pack));
    this.manifestBody = cached(pack.manifest);
  }

  basemap(): CachedBody<Basemap> {
    return this.basemapBody;
  }

  manifest(): CachedBody<CityPackManifest> {
    return this.manifestBody;
  }

  layer(name: string): CachedBody<unknown> {
    const kind = LAYER_KINDS.find((k) => k === name);
    if (!kind) throw DomainError.cityLayerNotFound(name, LAYER_KINDS);
    let body = this.layerBodies.get(kind);
    if (!body) {
      // Hashed on first request only: the fence and road layers are the big ones and not every client asks.
      body = cached(this.pack.layer(kind));
      this.layerBodies.set(kind, body);
    }
    return body;
  }
}
