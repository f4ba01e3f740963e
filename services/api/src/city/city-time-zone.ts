// The city's local time, for "today" figures. Neijiang keeps China Standard Time all year; the city pack
// has no time zone yet (the wall's CITY_TIME_ZONE and the simulator's demand profile assume the same).
// Passed to PostgreSQL as a parameter, so the queries follow when the pack gains one.
export const CITY_TIME_ZONE = 'Asia/Shanghai';
