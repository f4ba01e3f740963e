export const PG_POOL = Symbol('PG_POOL');
export const KAFKA = Symbol('KAFKA');
export const CITY_PACK = Symbol('CITY_PACK');
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');
