import { describe, expect, it } from 'vitest';
import { basemapFeatureCollection } from '@urban-brain/common';
import { CityService } from './city.service';

describe('CityService.basemap', () => {
  it("serves common's base map with a strong ETag derived from its content", () => {
    const { body, etag } = new CityService().basemap();
    expect(body).toEqual(basemapFeatureCollection());
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(new CityService().basemap().etag).toBe(etag);
  });
});
