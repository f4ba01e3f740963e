import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCityPack } from '../load-city-pack';
import { writeCityPack } from '../write-city-pack';
import { assembleRings, osmToCityPack } from './osm-to-city-pack';
import { parseOsmXml } from './osm-xml.parser';

// A crossroads of two named streets (meeting at node 5), a one-way drawn backwards, a footpath that must
// be left out, a river, a closed lake, a district boundary relation drawn as two ways, bicycle parking
// (a node and a closed way), a historic landmark and a recycling point.
const OSM = `<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6" generator="test">
  <node id="1" lat="29.5800" lon="105.0500"/>
  <node id="2" lat="29.5800" lon="105.0600"/>
  <node id="3" lat="29.5750" lon="105.0550"/>
  <node id="4" lat="29.5850" lon="105.0550"/>
  <node id="5" lat="29.5800" lon="105.0550"/>
  <node id="6" lat="29.5850" lon="105.0600"/>
  <node id="10" lat="29.5700" lon="105.0400"/>
  <node id="11" lat="29.5700" lon="105.0700"/>
  <node id="12" lat="29.5900" lon="105.0700"/>
  <node id="13" lat="29.5900" lon="105.0400"/>
  <node id="20" lat="29.5720" lon="105.0450"/>
  <node id="21" lat="29.5720" lon="105.0480"/>
  <node id="22" lat="29.5740" lon="105.0480"/>
  <node id="30" lat="29.5810" lon="105.0520">
    <tag k="amenity" v="bicycle_parking"/><tag k="capacity" v="30"/>
  </node>
  <node id="31" lat="29.5830" lon="105.0560">
    <tag k="historic" v="monument"/><tag k="name" v="西林古渡"/><tag k="name:en" v="Xilin Old Ferry"/>
  </node>
  <node id="32" lat="29.5802" lon="105.0580"><tag k="amenity" v="recycling"/></node>
  <node id="40" lat="29.5790" lon="105.0510"/>
  <node id="41" lat="29.5790" lon="105.0512"/>
  <node id="42" lat="29.5791" lon="105.0512"/>
  <way id="100"><nd ref="1"/><nd ref="5"/><nd ref="2"/>
    <tag k="highway" v="primary"/><tag k="name" v="汉安大道"/><tag k="name:en" v="Han'an Avenue"/>
  </way>
  <way id="101"><nd ref="3"/><nd ref="5"/><nd ref="4"/>
    <tag k="highway" v="residential"/><tag k="name" v="Daqian Road"/>
  </way>
  <way id="102"><nd ref="6"/><nd ref="2"/><tag k="highway" v="tertiary"/><tag k="oneway" v="-1"/></way>
  <way id="103"><nd ref="1"/><nd ref="3"/><tag k="highway" v="footway"/></way>
  <way id="104"><nd ref="10"/><nd ref="1"/><nd ref="12"/><tag k="waterway" v="river"/><tag k="name" v="沱江"/></way>
  <way id="105"><nd ref="20"/><nd ref="21"/><nd ref="22"/><nd ref="20"/><tag k="natural" v="water"/><tag k="name" v="Pond"/></way>
  <way id="106"><nd ref="10"/><nd ref="11"/><nd ref="12"/></way>
  <way id="107"><nd ref="10"/><nd ref="13"/><nd ref="12"/></way>
  <way id="108"><nd ref="40"/><nd ref="41"/><nd ref="42"/><nd ref="40"/><tag k="amenity" v="bicycle_parking"/></way>
  <relation id="200">
    <member type="way" ref="106" role="outer"/><member type="way" ref="107" role="outer"/>
    <tag k="type" v="boundary"/><tag k="boundary" v="administrative"/><tag k="name" v="市中区"/><tag k="name:en" v="Shizhong"/>
  </relation>
</osm>`;

describe('osm-to-city-pack', () => {
  it('converts an extract into a pack that loads, with a routable road graph', async () => {
    const osm = await parseOsmXml([Buffer.from(OSM.slice(0, 700)), Buffer.from(OSM.slice(700))]);
    const { manifest, layers } = osmToCityPack(osm, { id: 'test-extract', name: 'Test extract' });
    const dir = mkdtempSync(path.join(tmpdir(), 'osm-pack-'));
    writeCityPack(dir, manifest, layers);
    const pack = loadCityPack(dir);

    expect(pack.layers.roads.map((r) => [r.id, r.properties.name, r.properties.nameZh, r.properties.class, r.properties.oneway])).toEqual([
      ['road:w100', "Han'an Avenue", '汉安大道', 'primary', false],
      ['road:w101', 'Daqian Road', undefined, 'residential', false],
      ['road:w102', '', undefined, 'tertiary', true],
    ]);
    // oneway=-1: stored the way it is driven, from node 2 to node 6.
    expect(pack.layers.roads[2]!.geometry.coordinates).toEqual([[105.06, 29.58], [105.06, 29.585]]);
    // The two streets share node 5, so a route turns there.
    const route = pack.route([105.0505, 29.5801], [105.0551, 29.5845])!;
    expect(route.roadIds).toEqual(['road:w100', 'road:w101']);
    expect(route.coordinates).toContainEqual([105.055, 29.58]);

    expect(pack.layers.water.map((w) => [w.id, w.properties.kind, w.geometry.type])).toEqual([
      ['water:w104', 'river', 'LineString'],
      ['water:w105', 'lake', 'Polygon'],
    ]);
    expect(pack.inLake([105.0475, 29.5725])).toBe(true);
    expect(pack.layers.districts).toHaveLength(1);
    expect(pack.layers.districts[0]!.properties).toEqual({ name: 'Shizhong', nameZh: '市中区' });
    expect(pack.districtAt([105.055, 29.58])?.id).toBe('district:r200');
    expect(pack.layers['bike-fences'].map((f) => [f.id, f.properties.capacity])).toEqual([
      ['fence:n30', 30],
      ['fence:w108', 20],
    ]);
    expect(pack.fenceAt([105.052, 29.581])?.id).toBe('fence:n30');
    expect(pack.layers.landmarks.map((l) => l.properties)).toEqual([{ name: 'Xilin Old Ferry', nameZh: '西林古渡', kind: 'monument' }]);
    expect(pack.layers['collection-points'].map((c) => c.properties.roadId)).toEqual(['road:w100']);

    expect(manifest).toMatchObject({ id: 'test-extract', approximate: false, attribution: expect.stringContaining('OpenStreetMap') });
    const empty = manifest.layers.filter((l) => l.empty).map((l) => l.kind);
    expect(empty).toEqual(['sites', 'lake-docks', 'cleanup-zones', 'corridors', 'intersections', 'restricted-zones']);
    expect(manifest.layers.find((l) => l.kind === 'corridors')!.note).toContain('draw by hand');
  });

  it('joins boundary ways into rings whichever way round they are drawn', () => {
    expect(assembleRings([{ id: 'a', nodeIds: ['1', '2', '3'], tags: {} }, { id: 'b', nodeIds: ['1', '4', '3'], tags: {} }])).toEqual([['1', '2', '3', '4', '1']]);
    expect(assembleRings([{ id: 'a', nodeIds: ['1', '2', '3'], tags: {} }])).toEqual([]);
  });

  it('refuses a file that is not XML', async () => {
    await expect(parseOsmXml(['<osm><node id="1"></osm>'])).rejects.toThrow(/not OSM XML/);
  });
});
