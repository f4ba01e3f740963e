import type { LonLat } from './geo';

// A first, approximate sketch of central Neijiang (Sichuan) around 29.58 N,
// 105.06 E: the Tuo River loop with Tianchenghu lake, Shizhong district west and
// south of it, Dongxing east, and the green-wave roads named in DOMAIN.md.
// Shapes are hand-drawn and approximate; the full city pack replaces them.

export const CITY_CENTRE: LonLat = [105.058, 29.582];

export type RoadClass = 'trunk' | 'primary' | 'secondary';

export interface Road {
  id: string;
  name: string;
  nameZh: string;
  roadClass: RoadClass;
  coordinates: LonLat[];
}

export interface Area {
  id: string;
  name: string;
  nameZh: string;
  coordinates: LonLat[];
}

export interface Site {
  id: string;
  name: string;
  nameZh: string;
  kind: 'transfer-station' | 'waste-to-energy-plant' | 'depot' | 'landmark';
  position: LonLat;
}

export const ROADS: Road[] = [
  {
    id: 'hanan-avenue',
    name: "Han'an Avenue",
    nameZh: '汉安大道',
    roadClass: 'trunk',
    coordinates: [[105.012, 29.571], [105.024, 29.5705], [105.036, 29.5695], [105.047, 29.5672], [105.058, 29.5648], [105.069, 29.5622], [105.081, 29.5603]],
  },
  {
    id: 'daqian-road',
    name: 'Daqian Road',
    nameZh: '大千路',
    roadClass: 'primary',
    coordinates: [[105.0385, 29.556], [105.0395, 29.5635], [105.0412, 29.5712], [105.0431, 29.5788], [105.0452, 29.5862], [105.0468, 29.5935]],
  },
  {
    id: 'hanyu-avenue',
    name: 'Hanyu Avenue',
    nameZh: '汉渝大道',
    roadClass: 'trunk',
    coordinates: [[105.071, 29.5935], [105.0815, 29.5921], [105.0925, 29.5893], [105.1035, 29.5852], [105.1142, 29.5801], [105.1235, 29.5748]],
  },
  {
    id: 'beihuan-road',
    name: 'Beihuan Road',
    nameZh: '北环路',
    roadClass: 'primary',
    coordinates: [[105.026, 29.6005], [105.0352, 29.6068], [105.0465, 29.6108], [105.0588, 29.6112], [105.0702, 29.6071], [105.0795, 29.6012]],
  },
  {
    id: 'pingan-road',
    name: "Ping'an Road",
    nameZh: '平安路',
    roadClass: 'secondary',
    coordinates: [[105.0492, 29.5525], [105.0551, 29.5571], [105.0603, 29.5625], [105.0641, 29.5688], [105.0668, 29.5752]],
  },
  {
    id: 'g321',
    name: 'National Road 321',
    nameZh: '国道321',
    roadClass: 'trunk',
    coordinates: [[105.0795, 29.6012], [105.0878, 29.6055], [105.0972, 29.6091], [105.1071, 29.6128], [105.1163, 29.6172]],
  },
  {
    id: 'xinjiang-road',
    name: 'Xinjiang Road',
    nameZh: '新江路',
    roadClass: 'secondary',
    coordinates: [[105.0452, 29.5862], [105.0521, 29.5845], [105.0598, 29.5818], [105.0668, 29.5752]],
  },
  {
    id: 'dongxing-avenue',
    name: 'Dongxing Avenue',
    nameZh: '东兴大道',
    roadClass: 'primary',
    coordinates: [[105.0702, 29.6071], [105.0721, 29.5998], [105.071, 29.5935], [105.0735, 29.5862], [105.0781, 29.5795]],
  },
];

// Tuo River centreline, upstream (north-west) to downstream (south-east).
export const TUO_RIVER: LonLat[] = [
  [105.005, 29.622], [105.018, 29.6138], [105.0312, 29.6035], [105.0405, 29.5968], [105.0505, 29.5925],
  [105.0612, 29.5902], [105.0668, 29.5862], [105.0698, 29.5801], [105.0752, 29.5738], [105.0851, 29.5695],
  [105.0935, 29.5611], [105.0958, 29.5515], [105.0921, 29.5421],
];

// Tianchenghu: the dammed, widened reach of the Tuo through the centre.
export const TIANCHENGHU_LAKE: Area = {
  id: 'tianchenghu',
  name: 'Tianchenghu Lake',
  nameZh: '甜城湖',
  coordinates: [
    [105.0362, 29.6012], [105.0488, 29.5958], [105.0605, 29.5934], [105.0685, 29.5889], [105.0728, 29.5818],
    [105.0781, 29.5758], [105.0862, 29.5718], [105.0845, 29.5676], [105.0735, 29.5712], [105.0672, 29.5779],
    [105.0641, 29.5846], [105.0598, 29.5874], [105.0495, 29.5893], [105.0398, 29.5938], [105.0362, 29.6012],
  ],
};

export const DISTRICTS: Area[] = [
  {
    id: 'shizhong',
    name: 'Shizhong',
    nameZh: '市中区',
    coordinates: [
      [105.0, 29.612], [105.0312, 29.6035], [105.0505, 29.5925], [105.0668, 29.5862], [105.0752, 29.5738],
      [105.0935, 29.5611], [105.0921, 29.5421], [105.04, 29.54], [105.0, 29.55], [105.0, 29.612],
    ],
  },
  {
    id: 'dongxing',
    name: 'Dongxing',
    nameZh: '东兴区',
    coordinates: [
      [105.0312, 29.6035], [105.03, 29.625], [105.085, 29.632], [105.135, 29.622], [105.135, 29.56],
      [105.0935, 29.5611], [105.0752, 29.5738], [105.0668, 29.5862], [105.0505, 29.5925], [105.0312, 29.6035],
    ],
  },
];

export const SITES: Site[] = [
  { id: 'transfer-station-g321', name: 'G321 compression transfer station', nameZh: '国道321压缩转运站', kind: 'transfer-station', position: [105.1163, 29.6172] },
  { id: 'waste-to-energy-plant', name: 'Waste-to-energy plant', nameZh: '垃圾焚烧发电厂', kind: 'waste-to-energy-plant', position: [105.1235, 29.5748] },
  { id: 'tongziba-bridge', name: 'Tongziba Bridge', nameZh: '桐梓坝大桥', kind: 'landmark', position: [105.0395, 29.5972] },
  { id: 'xilin-old-ferry', name: 'Xilin Old Ferry', nameZh: '西林古渡', kind: 'landmark', position: [105.0802, 29.5722] },
];
