import { StringDecoder } from 'node:string_decoder';
import { SaxesParser } from 'saxes';

export type OsmTags = Record<string, string>;
export interface OsmNode {
  id: string;
  lon: number;
  lat: number;
  tags: OsmTags;
}
export interface OsmWay {
  id: string;
  nodeIds: string[];
  tags: OsmTags;
}
export interface OsmRelation {
  id: string;
  members: { type: 'node' | 'way' | 'relation'; ref: string; role: string }[];
  tags: OsmTags;
}
export interface OsmExtract {
  nodes: Map<string, OsmNode>;
  ways: OsmWay[];
  relations: OsmRelation[];
}

/**
 * Reads an OSM XML extract chunk by chunk (a city extract is hundreds of MB of XML, but its nodes,
 * ways and relations fit in memory once parsed). Only the elements a city pack uses are kept.
 */
export async function parseOsmXml(chunks: AsyncIterable<string | Buffer> | Iterable<string | Buffer>): Promise<OsmExtract> {
  const extract: OsmExtract = { nodes: new Map(), ways: [], relations: [] };
  const parser = new SaxesParser();
  let current: OsmNode | OsmWay | OsmRelation | null = null;
  let failure: Error | null = null;
  parser.on('error', (error) => {
    failure ??= error;
  });
  parser.on('opentag', (tag) => {
    const a = tag.attributes as Record<string, string>;
    switch (tag.name) {
      case 'node': {
        const node: OsmNode = { id: a.id ?? '', lon: Number(a.lon), lat: Number(a.lat), tags: {} };
        if (node.id && Number.isFinite(node.lon) && Number.isFinite(node.lat)) extract.nodes.set(node.id, node);
        current = node;
        break;
      }
      case 'way':
        current = { id: a.id ?? '', nodeIds: [], tags: {} };
        extract.ways.push(current);
        break;
      case 'relation':
        current = { id: a.id ?? '', members: [], tags: {} };
        extract.relations.push(current);
        break;
      case 'nd':
        if (current && 'nodeIds' in current && a.ref) current.nodeIds.push(a.ref);
        break;
      case 'member':
        if (current && 'members' in current && a.ref && (a.type === 'node' || a.type === 'way' || a.type === 'relation')) {
          current.members.push({ type: a.type, ref: a.ref, role: a.role ?? '' });
        }
        break;
      case 'tag':
        if (current && a.k !== undefined && a.v !== undefined) current.tags[a.k] = a.v;
        break;
    }
  });
  parser.on('closetag', (tag) => {
    if (tag.name === 'node' || tag.name === 'way' || tag.name === 'relation') current = null;
  });
  // A Buffer chunk may end inside a multi-byte character (Chinese names); the decoder carries it over.
  const decoder = new StringDecoder('utf8');
  for await (const chunk of chunks) {
    parser.write(typeof chunk === 'string' ? chunk : decoder.write(chunk));
    if (failure) throw new Error(`not OSM XML: ${(failure as Error).message}`);
  }
  parser.write(decoder.end());
  parser.close();
  if (failure) throw new Error(`not OSM XML: ${(failure as Error).message}`);
  return extract;
}
