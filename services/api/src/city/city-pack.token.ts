/** The loaded CityPack, provided by CityModule.register. */
export const CITY_PACK = Symbol('CITY_PACK');
