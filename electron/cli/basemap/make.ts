/**
 * Makes a base-map archive: layers in, PMTiles (gzip-compressed vector tiles) out, written atomically (a temporary
 * file, then a rename), with metadata that names our schema, the layers and the attribution.
 */
import { renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Compression, TileType, writeArchive, type ArchiveSummary } from './pmtiles-writer';
import { SCHEMA } from './profile';
import { cutTiles, prepareLayer, type Bbox, type LayerStats, type NamedLayer } from './tiler';
import { InputError, layersBbox } from './input';

export interface MakeOptions {
  layers: readonly NamedLayer[];
  out: string;
  bbox?: Bbox;
  minZoom: number;
  maxZoom: number;
  name: string;
  attribution: string;
  onZoom?: (z: number, tiles: number) => void;
}

export interface MakeResult extends Omit<ArchiveSummary, 'bytes'> {
  file: string;
  size: number;
  bbox: Bbox;
  layers: LayerStats[];
}

export function checkZooms(minZoom: number, maxZoom: number): void {
  for (const [flag, z] of [['--minzoom', minZoom], ['--maxzoom', maxZoom]] as const) {
    if (!Number.isInteger(z) || z < 0 || z > 16) throw new InputError(`${flag} must be a whole number from 0 to 16, got ${z}`);
  }
  if (minZoom > maxZoom) throw new InputError(`--minzoom ${minZoom} is above --maxzoom ${maxZoom}`);
}

const overlaps = (a: Bbox, b: Bbox): boolean => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];

export function makeBasemap(opts: MakeOptions): MakeResult {
  checkZooms(opts.minZoom, opts.maxZoom);
  if (!opts.out.endsWith('.pmtiles')) throw new InputError(`--out must name a .pmtiles file, got ${JSON.stringify(opts.out)}`);
  try {
    if (!statSync(dirname(opts.out)).isDirectory()) throw new Error('not a folder');
  } catch {
    throw new InputError(`--out: the folder ${dirname(opts.out)} does not exist`);
  }
  const prepared = opts.layers.map((l) => ({ name: l.name, ...prepareLayer(l) }));
  const dataBbox = layersBbox(prepared.map((p) => ({ name: p.name, data: p.data })));
  if (!dataBbox) throw new InputError('the input has no features with coordinates');
  const bbox = opts.bbox ?? dataBbox;
  if (!overlaps(bbox, dataBbox)) throw new InputError(`--bbox ${bbox.join(',')} holds none of the input (its features lie in ${dataBbox.map((n) => n.toFixed(4)).join(',')})`);
  const earth = earthLayer(prepared, bbox);
  if (earth) prepared.unshift({ name: earth.name, ...prepareLayer(earth) });
  const vectorLayers = prepared.map((p) => ({ id: p.name, fields: fieldsOf(p.data.features) }));
  const tiles = cutTiles(
    prepared.map((p) => ({ name: p.name, data: p.data })),
    { minZoom: opts.minZoom, maxZoom: opts.maxZoom, bbox },
    opts.onZoom,
  );
  const center: [number, number, number] = [(bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2, Math.max(opts.minZoom, Math.min(opts.maxZoom, 10))];
  const archive = writeArchive(tiles, {
    tileType: TileType.mvt,
    tileCompression: Compression.gzip,
    minZoom: opts.minZoom,
    maxZoom: opts.maxZoom,
    bounds: bbox,
    center,
    metadata: {
      name: opts.name,
      format: 'pbf',
      type: 'baselayer',
      attribution: opts.attribution,
      schema: SCHEMA,
      vector_layers: vectorLayers.map((v) => ({ ...v, minzoom: opts.minZoom, maxzoom: opts.maxZoom })),
      generator: 'CityDesk npm run basemap',
    },
  });
  if (archive.addressedTiles === 0) throw new InputError('no tile holds any feature: nothing to write');
  const tmp = `${opts.out}.${process.pid}.tmp`;
  writeFileSync(tmp, archive.bytes);
  renameSync(tmp, opts.out);
  const { bytes, ...summary } = archive;
  return { ...summary, file: opts.out, size: bytes.length, bbox, layers: prepared.map((p) => p.stats) };
}

/**
 * When the input draws its own sea (a `water` feature of kind `sea`), its area is land wherever it is not water: an
 * `earth` layer (the bbox) lets the style paint that land over the world map's coarse coast. Without a sea of its own,
 * the world map's sea and land stay as they are.
 */
export function earthLayer(layers: readonly NamedLayer[], bbox: Bbox): NamedLayer | null {
  if (layers.some((l) => l.name === 'earth')) return null;
  const water = layers.find((l) => l.name === 'water');
  if (!water?.data.features.some((f) => (f.properties as { kind?: unknown } | null)?.kind === 'sea')) return null;
  const [w, s, e, n] = bbox;
  return {
    name: 'earth',
    data: { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] } }] },
  };
}

/** The property names and kinds of a layer (PMTiles/TileJSON `vector_layers[].fields`). */
function fieldsOf(features: readonly { properties: Record<string, unknown> | null }[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const f of features) {
    for (const [k, v] of Object.entries(f.properties ?? {})) {
      if (k.startsWith('__citydesk')) continue;
      fields[k] ??= typeof v === 'number' ? 'Number' : typeof v === 'boolean' ? 'Boolean' : 'String';
    }
  }
  return fields;
}
