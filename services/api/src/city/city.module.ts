import { type DynamicModule, Module } from '@nestjs/common';
import type { CityPack } from '@urban-brain/city-pack';
import { CITY_PACK } from './city-pack.token';
import { CityController } from './city.controller';
import { CityService } from './city.service';

@Module({})
export class CityModule {
  /** The pack is loaded and validated before the app is built (create-app.ts), so this module cannot half-start. */
  static register(cityPack: CityPack): DynamicModule {
    return {
      module: CityModule,
      // Global: the alerts' dispatch candidates route on the same pack.
      global: true,
      controllers: [CityController],
      providers: [{ provide: CITY_PACK, useValue: cityPack }, CityService],
      exports: [CITY_PACK],
    };
  }
}
