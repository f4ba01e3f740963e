/** Where a bike is, as its colour tells: parked in a fence, parked outside every fence, or being ridden. */
export type BikeParking = 'in-fence' | 'outside' | 'riding';

// Bike colours: teal and rose are far from the trucks' task colours and from the
// basemap blues; grey for bikes in use, which are nobody's problem.
export const BIKE_PARKING_COLORS: Record<BikeParking, string> = {
  'in-fence': '#2dd4bf',
  outside: '#f43f5e',
  riding: '#64748b',
};
