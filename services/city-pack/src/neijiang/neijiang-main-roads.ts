import { ROADS } from './neijiang-centre';
import type { RoadClass } from '../format/city-pack-format';

export interface MainRoad {
  key: string;
  name: string;
  nameZh: string;
  class: RoadClass;
  bridge?: boolean;
  coordinates: [number, number][];
}

// The sketch's eight named roads (services/common/src/city) plus two river crossings, so that
// Shizhong and Dongxing are one road network. Names from DOMAIN.md and the sketch; shapes approximate.
export const NEIJIANG_MAIN_ROADS: MainRoad[] = [
  ...ROADS.map((r) => ({ key: r.id, name: r.name, nameZh: r.nameZh, class: r.roadClass, coordinates: r.coordinates.map(([lon, lat]) => [lon, lat] as [number, number]) })),
  {
    key: 'tongziba-bridge',
    name: 'Tongziba Bridge',
    nameZh: '桐梓坝大桥',
    class: 'primary',
    bridge: true,
    // From Daqian Road's north end over the river at the Tongziba landmark to Beihuan Road.
    coordinates: [[105.0468, 29.5935], [105.0395, 29.5972], [105.0352, 29.6068]],
  },
  {
    key: 'tuojiang-bridge',
    name: 'Tuojiang Bridge',
    nameZh: '沱江大桥',
    class: 'secondary',
    bridge: true,
    // Across the lake's eastern reach: Ping'an/Xinjiang junction to the south end of Dongxing Avenue.
    coordinates: [[105.0668, 29.5752], [105.0725, 29.5774], [105.0781, 29.5795]],
  },
];

/** Fourteen green-wave sections along the main roads (DOMAIN.md: 14 sections, about 34 km). */
export const NEIJIANG_CORRIDORS: { key: string; road: string; from: number; to: number; name: string; nameZh: string }[] = [
  { key: 'hanan-west', road: 'hanan-avenue', from: 0, to: 0.34, name: "Han'an Avenue (west)", nameZh: '汉安大道（西段）' },
  { key: 'hanan-central', road: 'hanan-avenue', from: 0.34, to: 0.67, name: "Han'an Avenue (central)", nameZh: '汉安大道（中段）' },
  { key: 'hanan-east', road: 'hanan-avenue', from: 0.67, to: 1, name: "Han'an Avenue (east)", nameZh: '汉安大道（东段）' },
  { key: 'daqian-south', road: 'daqian-road', from: 0, to: 0.5, name: 'Daqian Road (south)', nameZh: '大千路（南段）' },
  { key: 'daqian-north', road: 'daqian-road', from: 0.5, to: 1, name: 'Daqian Road (north)', nameZh: '大千路（北段）' },
  { key: 'hanyu-west', road: 'hanyu-avenue', from: 0, to: 0.5, name: 'Hanyu Avenue (west)', nameZh: '汉渝大道（西段）' },
  { key: 'hanyu-east', road: 'hanyu-avenue', from: 0.5, to: 1, name: 'Hanyu Avenue (east)', nameZh: '汉渝大道（东段）' },
  { key: 'beihuan-west', road: 'beihuan-road', from: 0, to: 0.5, name: 'Beihuan Road (west)', nameZh: '北环路（西段）' },
  { key: 'beihuan-east', road: 'beihuan-road', from: 0.5, to: 1, name: 'Beihuan Road (east)', nameZh: '北环路（东段）' },
  { key: 'pingan-south', road: 'pingan-road', from: 0, to: 0.5, name: "Ping'an Road (south)", nameZh: '平安路（南段）' },
  { key: 'pingan-north', road: 'pingan-road', from: 0.5, to: 1, name: "Ping'an Road (north)", nameZh: '平安路（北段）' },
  { key: 'xinjiang', road: 'xinjiang-road', from: 0, to: 1, name: 'Xinjiang Road', nameZh: '新江路' },
  { key: 'dongxing-avenue', road: 'dongxing-avenue', from: 0, to: 1, name: 'Dongxing Avenue', nameZh: '东兴大道' },
  { key: 'g321', road: 'g321', from: 0, to: 1, name: 'National Road 321 (Dongxing)', nameZh: '国道321（东兴段）' },
];
