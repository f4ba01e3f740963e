import { cityPackBasemap, DEFAULT_CITY_PACK_DIR, loadCityPack } from '@urban-brain/city-pack';
import { describe, expect, it } from 'vitest';
import { DomainError, DomainErrorCode } from '../common/domain-error';
import { CityService } from './city.service';

const pack = loadCityPack(DEFAULT_CITY_PACK_DIR);

describe('CityService', () => {
  it("serves the pack's base map with a strong ETag derived from its content", () => {
    const { body, etag } = new CityService(pack).basemap();
    expect(body).toEqual(cityPackBasemap(pack));
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(new CityService(pack).basemap().etag).toBe(etag);
  });

  it('keeps the base map shape the web draws: layer, name and nameZh on every feature', () => {
    const { body } = new CityService(pack).basemap();
    expect(body).toMatchObject({ type: 'FeatureCollection', center: pack.manifest.centre, approximate: true });
    const layers = new Set(body.features.map((f) => f.properties.layer));
    expect([...layers].sort()).toEqual(['district', 'lake', 'restricted', 'river', 'road', 'site', 'street']);
    for (const f of body.features) {
      expect(typeof f.properties.name).toBe('string');
      expect(typeof f.properties.nameZh).toBe('string');
      if (f.properties.layer === 'road') expect(f.properties.roadClass).toMatch(/^(motorway|trunk|primary|secondary)$/);
    }
    // Named main roads keep the ids the web and the sketch used.
    expect(body.features.find((f) => f.id === 'road:hanan-avenue')?.properties).toMatchObject({ layer: 'road', roadClass: 'trunk', nameZh: '汉安大道' });
  });

  it('serves the manifest and each layer, and a domain error for an unknown layer', () => {
    const service = new CityService(pack);
    expect(service.manifest().body).toBe(pack.manifest);
    expect(service.layer('bike-fences').body).toEqual({ type: 'FeatureCollection', features: pack.layers['bike-fences'] });
    expect(service.layer('roads').etag).not.toBe(service.layer('water').etag);
    let error: unknown;
    try {
      service.layer('parks');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe(DomainErrorCode.CITY_LAYER_NOT_FOUND);
  });
});
