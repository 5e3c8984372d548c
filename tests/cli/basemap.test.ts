/**
 * `npm run basemap`: the PMTiles writer (read back with the `pmtiles` package), the tiling profile, the shipped
 * archives, and the real CLI's errors on bad input.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { FetchSource, PMTiles, type RangeResponse, type Source, zxyToTileId } from 'pmtiles';
import type { FeatureCollection } from 'geojson';
import { buildDirectories, Compression, HEADER_BYTES, serializeDirectory, TileType, writeArchive, writeVarint, type ArchiveTile } from '../../electron/cli/basemap/pmtiles-writer';
import { makeBasemap } from '../../electron/cli/basemap/make';
import { InputError, parseBbox, readLayers } from '../../electron/cli/basemap/input';
import { roadMinZoom } from '../../electron/cli/basemap/profile';
import { tileRange } from '../../electron/cli/basemap/tiler';
import { resolveUserBasemap } from '../../electron/hosts/user-basemap';
import { startWebHost, type WebHost } from '../../electron/cli/web-host';
import { startEngine, type Engine } from '../../electron/engine/index';
import { engineAuthHeaders, engineCookieName } from '../../electron/engine/transport/ws';
import { contentRange, parseRange } from '../../electron/shared/http-range';
import { ROOT, buildClis, runCli } from './db';

/** A PMTiles source over bytes in memory. */
class MemorySource implements Source {
  constructor(private readonly bytes: Uint8Array) {}
  getKey(): string {
    return 'memory';
  }
  getBytes(offset: number, length: number): Promise<RangeResponse> {
    return Promise.resolve({ data: this.bytes.slice(offset, offset + length).buffer });
  }
}
const open = (bytes: Uint8Array) => new PMTiles(new MemorySource(bytes));

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'citydesk-basemap-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Pseudo-random tiles at zooms 0..maxZoom, with repeats (runs and scattered duplicates). */
function someTiles(maxZoom: number): ArchiveTile[] {
  const tiles: ArchiveTile[] = [];
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let z = 0; z <= maxZoom; z++) {
    const n = 2 ** z;
    for (let x = 0; x < n; x++)
      for (let y = 0; y < n; y++) {
        if (rnd() < 0.3) continue; // holes
        const kind = rnd();
        const data = kind < 0.3 ? new Uint8Array([1, 2, 3]) : kind < 0.4 ? new Uint8Array([9]) : Uint8Array.from({ length: 1 + Math.floor(rnd() * 40) }, () => Math.floor(rnd() * 256));
        tiles.push({ z, x, y, data });
      }
  }
  return tiles;
}

const OPTS = {
  tileType: TileType.mvt,
  tileCompression: Compression.none,
  minZoom: 0,
  maxZoom: 5,
  bounds: [-10, -20, 30, 40] as [number, number, number, number],
  center: [1.5, 2.5, 3] as [number, number, number],
  metadata: { name: 'test', attribution: 'x' },
};

describe('PMTiles writer', () => {
  it('writes varints as unsigned LEB128', () => {
    const out: number[] = [];
    for (const n of [0, 1, 127, 128, 300, 2 ** 35]) writeVarint(out, n);
    expect(out).toEqual([0, 1, 127, 0x80, 1, 0xac, 2, 0x80, 0x80, 0x80, 0x80, 0x80, 1]);
    expect(() => writeVarint([], -1)).toThrow(RangeError);
  });

  it('serialises a directory column by column, with 0 for a contiguous offset', () => {
    const bytes = serializeDirectory([
      { tileId: 5, offset: 0, length: 10, runLength: 1 },
      { tileId: 6, offset: 10, length: 4, runLength: 2 },
      { tileId: 9, offset: 0, length: 10, runLength: 1 },
    ]);
    expect([...bytes]).toEqual([3, 5, 1, 3, 1, 2, 1, 10, 4, 10, 1, 0, 1]);
  });

  it('round-trips: the pmtiles reader gets every tile back, and nothing where none was written', async () => {
    const tiles = someTiles(5);
    const archive = writeArchive(tiles, OPTS);
    expect(archive.leafDirectories).toBe(0);
    expect(archive.tileContents).toBeLessThan(archive.addressedTiles); // duplicates stored once
    const p = open(archive.bytes);
    const h = await p.getHeader();
    expect(h).toMatchObject({ specVersion: 3, clustered: true, minZoom: 0, maxZoom: 5, numAddressedTiles: tiles.length, tileType: TileType.mvt, internalCompression: Compression.gzip, rootDirectoryOffset: HEADER_BYTES });
    expect([h.minLon, h.minLat, h.maxLon, h.maxLat, h.centerLon, h.centerLat, h.centerZoom]).toEqual([-10, -20, 30, 40, 1.5, 2.5, 3]);
    expect(await p.getMetadata()).toEqual(OPTS.metadata);
    const have = new Set(tiles.map((t) => `${t.z}/${t.x}/${t.y}`));
    for (const t of tiles) expect(new Uint8Array((await p.getZxy(t.z, t.x, t.y))!.data)).toEqual(t.data);
    for (let z = 0; z <= 5; z++) for (let x = 0; x < 2 ** z; x++) for (let y = 0; y < 2 ** z; y++) if (!have.has(`${z}/${x}/${y}`)) expect(await p.getZxy(z, x, y)).toBeUndefined();
  });

  it('round-trips through leaf directories when the root would not fit', async () => {
    const tiles = someTiles(6);
    const archive = writeArchive(tiles, { ...OPTS, maxZoom: 6, rootLimitBytes: 200 });
    expect(archive.leafDirectories).toBeGreaterThan(1);
    const p = open(archive.bytes);
    for (const t of tiles) expect(new Uint8Array((await p.getZxy(t.z, t.x, t.y))!.data)).toEqual(t.data);
  });

  it('keeps the root directory and header within the first 16 KiB', () => {
    const entries = Array.from({ length: 50_000 }, (_, i) => ({ tileId: i * 3, offset: i * 100, length: 90 + (i % 7), runLength: 1 }));
    const d = buildDirectories(entries);
    expect(d.root.length + HEADER_BYTES).toBeLessThanOrEqual(16_384);
    expect(d.leafCount).toBeGreaterThan(0);
  });

  it('refuses a tile given twice', () => {
    expect(() => writeArchive([{ z: 1, x: 0, y: 0, data: new Uint8Array([1]) }, { z: 1, x: 0, y: 0, data: new Uint8Array([2]) }], OPTS)).toThrow(/given twice/);
    expect(zxyToTileId(1, 0, 0)).toBe(1);
  });
});

// -----------------------------------------------------------------------------------------------------------------

const line = (coords: [number, number][], properties: Record<string, unknown>) => ({ type: 'Feature' as const, properties, geometry: { type: 'LineString' as const, coordinates: coords } });
const square = (x: number, y: number, d: number, properties: Record<string, unknown> = {}) => ({
  type: 'Feature' as const,
  properties,
  geometry: { type: 'Polygon' as const, coordinates: [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]] },
});

function writeLayer(folder: string, name: string, fc: FeatureCollection, gz = false): void {
  const text = JSON.stringify(fc);
  writeFileSync(join(folder, `${name}.geojson${gz ? '.gz' : ''}`), gz ? gzipSync(text) : text);
}

async function layersAt(p: PMTiles, z: number, lon: number, lat: number): Promise<Record<string, Record<string, unknown>[]>> {
  const n = 2 ** z;
  const x = Math.floor(((lon + 180) / 360) * n);
  const r = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
  const t = await p.getZxy(z, x, y);
  if (!t) return {};
  const raw = new Uint8Array(t.data); // the reader has already inflated the gzip tile (the header says gzip)
  const vt = new VectorTile(new PbfReader(raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw));
  const out: Record<string, Record<string, unknown>[]> = {};
  for (const [name, layer] of Object.entries(vt.layers)) out[name] = Array.from({ length: layer.length }, (_, i) => layer.feature(i).properties);
  return out;
}

describe('makeBasemap: GeoJSON layers to a CityDesk archive', () => {
  it('cuts the layers into gzip MVT tiles, with the profile\'s zooms and properties', async () => {
    const src = mkdtempSync(join(dir, 'src-'));
    writeLayer(src, 'roads', {
      type: 'FeatureCollection',
      features: [
        line([[-2.11, 57.14], [-2.09, 57.15]], { highway: 'trunk', class: 'trunk', name: 'A90', ref: 'A90' }),
        line([[-2.1, 57.141], [-2.098, 57.142]], { highway: 'footway', class: 'path' }),
      ],
    }, true);
    writeLayer(src, 'buildings', { type: 'FeatureCollection', features: [square(-2.1, 57.145, 0.0005, { render_height: 3.66 })] });
    writeLayer(src, 'water', { type: 'FeatureCollection', features: [square(-2.08, 57.13, 0.05, { kind: 'sea', class: 'sea' }), line([[-2.08, 57.13], [-2.08, 57.18]], { kind: 'coastline' })] });
    const out = join(dir, 'city.pmtiles');
    const r = makeBasemap({ layers: readLayers(src), out, minZoom: 0, maxZoom: 14, name: 'test city', attribution: '© OpenStreetMap contributors' });
    expect(r.layers.map((l) => [l.name, l.features, l.dropped])).toEqual([['earth', 1, 0], ['buildings', 1, 0], ['roads', 2, 0], ['water', 1, 1]]); // earth: the input has its own sea
    const p = open(new Uint8Array(readFileSync(out)));
    const h = await p.getHeader();
    expect(h).toMatchObject({ tileType: TileType.mvt, tileCompression: Compression.gzip, minZoom: 0, maxZoom: 14, clustered: true });
    const meta = (await p.getMetadata()) as { attribution: string; schema: { name: string }; vector_layers: { id: string; fields: Record<string, string> }[] };
    expect(meta.attribution).toBe('© OpenStreetMap contributors');
    expect(meta.schema.name).toBe('citydesk-basemap');
    expect(meta.vector_layers.map((v) => v.id)).toEqual(['earth', 'buildings', 'roads', 'water']);
    expect(meta.vector_layers.find((v) => v.id === 'roads')!.fields).toEqual({ highway: 'String', class: 'String', name: 'String' });

    const z14 = await layersAt(p, 14, -2.0995, 57.1415);
    expect(z14.roads).toEqual(expect.arrayContaining([{ highway: 'footway', class: 'path' }, { highway: 'trunk', class: 'trunk', name: 'A90' }])); // ref dropped; the name kept at street zoom
    const z10 = await layersAt(p, 10, -2.0995, 57.1415);
    expect(z10.roads).toEqual([{ highway: 'trunk', class: 'trunk' }]); // the footway only from z13, names from z13
    expect(z10.buildings).toBeUndefined(); // buildings only from z13
    expect((await layersAt(p, 13, -2.09975, 57.14525)).buildings).toHaveLength(1);
    expect(z10.water).toEqual([{ kind: 'sea', class: 'sea' }]); // the coastline line is left out
    expect((await layersAt(p, 6, -2.1, 57.145)).roads).toEqual([{ highway: 'trunk', class: 'trunk' }]);
    expect(z10.earth).toHaveLength(1);
    // Nowhere near the data: no tile.
    expect(await layersAt(p, 10, 10, 50)).toEqual({});
  });

  it('keeps a layer it does not know as it is', async () => {
    const src = mkdtempSync(join(dir, 'src-'));
    writeLayer(src, 'sensors_area', { type: 'FeatureCollection', features: [square(10, 56, 0.01, { zone: 'A', level: 3 })] });
    const out = join(dir, 'other.pmtiles');
    makeBasemap({ layers: readLayers(join(src, 'sensors_area.geojson')), out, minZoom: 0, maxZoom: 8, name: 'x', attribution: 'y' });
    const z8 = await layersAt(open(new Uint8Array(readFileSync(out))), 8, 10.005, 56.005);
    expect(z8).toEqual({ sensors_area: [{ zone: 'A', level: 3 }] }); // and no earth: the input has no sea of its own
  });

  it('refuses bad input with errors that say what is wrong', () => {
    const src = mkdtempSync(join(dir, 'bad-'));
    expect(() => readLayers(join(src, 'nope.geojson'))).toThrow(/no such file/);
    expect(() => readLayers(src)).toThrow(/no GeoJSON layers/);
    writeFileSync(join(src, 'roads.geojson'), 'not json');
    expect(() => readLayers(src)).toThrow(/roads\.geojson: not JSON/);
    writeFileSync(join(src, 'roads.geojson'), '{"type":"Feature"}');
    expect(() => readLayers(src)).toThrow(/not a GeoJSON FeatureCollection/);
    writeFileSync(join(src, 'roads.geojson'), '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[500000,6200000],[500100,6200100]]}}]}');
    expect(() => readLayers(src)).toThrow(/WGS84/);
    writeFileSync(join(src, 'roads.geojson'), '{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Circle"}}]}');
    expect(() => readLayers(src)).toThrow(/features\[0\]\.geometry/);
    expect(() => parseBbox('-200,0,10,10')).toThrow(/outside the world/);
    expect(() => parseBbox('1,2,3')).toThrow(/four numbers/);
    expect(() => parseBbox('10,0,5,10')).toThrow(/west must be less than east/);
    expect(parseBbox('-2.35,56.95,-1.80,57.52')).toEqual([-2.35, 56.95, -1.8, 57.52]);
    const good = mkdtempSync(join(dir, 'good-'));
    writeLayer(good, 'roads', { type: 'FeatureCollection', features: [line([[0, 0], [1, 1]], {})] });
    const layers = readLayers(good);
    expect(() => makeBasemap({ layers, out: join(dir, 'x.pmtiles'), bbox: [20, 20, 30, 30], minZoom: 0, maxZoom: 4, name: '', attribution: '' })).toThrow(/holds none of the input/);
    expect(() => makeBasemap({ layers, out: join(dir, 'x.mbtiles'), minZoom: 0, maxZoom: 4, name: '', attribution: '' })).toThrow(InputError);
    expect(() => makeBasemap({ layers, out: join(dir, 'x.pmtiles'), minZoom: 5, maxZoom: 4, name: '', attribution: '' })).toThrow(/above --maxzoom/);
    expect(() => makeBasemap({ layers, out: join(dir, 'missing', 'x.pmtiles'), minZoom: 0, maxZoom: 4, name: '', attribution: '' })).toThrow(/does not exist/);
  });

  it('the profile drops paths and footways below zoom 13, service roads below 12', () => {
    expect(roadMinZoom({ class: 'path', highway: 'footway' })).toBe(13);
    expect(roadMinZoom({ class: 'track', highway: 'track' })).toBe(13);
    expect(roadMinZoom({ class: 'service', highway: 'service' })).toBe(12);
    expect(roadMinZoom({ class: 'minor', highway: 'residential' })).toBe(10);
    expect(roadMinZoom({ class: 'trunk', highway: 'trunk' })).toBe(0);
    expect(roadMinZoom({ highway: 'tertiary_link' })).toBe(8);
  });

  it('covers the bbox with the right tiles', () => {
    expect(tileRange([-180, -85, 180, 85], 2)).toEqual({ x0: 0, x1: 3, y0: 0, y1: 3 });
    expect(tileRange([-2.35, 56.95, -1.8, 57.52], 14)).toEqual({ x0: 8085, x1: 8110, y0: 4975, y1: 5023 }); // the raw extract's range
  });
});

describe('the shipped base maps', () => {
  it('world: land and borders from Natural Earth, zoom 0-6, under 1.5 MB', async () => {
    const bytes = new Uint8Array(readFileSync(join(ROOT, 'assets/basemap/world/world.pmtiles')));
    expect(bytes.length).toBeLessThan(1.5 * 2 ** 20);
    const p = open(bytes);
    expect(await p.getHeader()).toMatchObject({ minZoom: 0, maxZoom: 6 });
    expect(((await p.getMetadata()) as { attribution: string }).attribution).toBe('Natural Earth');
    expect(Object.keys(await layersAt(p, 6, 10.2, 56.15))).toContain('land'); // Aarhus is on land
    expect(Object.keys(await layersAt(p, 4, -125, -45))).toEqual([]); // South Pacific: sea, no tile
    expect(Object.keys(await layersAt(p, 5, 5, 49.5))).toEqual(['land', 'borders']); // France/Belgium/Luxembourg
  });

  it('Aberdeen: OpenStreetMap, zoom 0-14, roads by class in the city centre', async () => {
    const bytes = new Uint8Array(readFileSync(join(ROOT, 'assets/cities/aberdeen/basemap.pmtiles')));
    expect(bytes.length).toBeLessThan(8 * 2 ** 20);
    const p = open(bytes);
    const h = await p.getHeader();
    expect(h).toMatchObject({ minZoom: 0, maxZoom: 14 });
    expect([h.minLon, h.minLat, h.maxLon, h.maxLat]).toEqual([-2.35, 56.95, -1.8, 57.52]);
    expect(((await p.getMetadata()) as { attribution: string }).attribution).toBe('© OpenStreetMap contributors');
    const centre = await layersAt(p, 14, -2.0943, 57.1497); // Union Street
    expect(Object.keys(centre)).toEqual(expect.arrayContaining(['roads', 'buildings']));
    expect(centre.roads!.map((r) => r.class)).toContain('primary');
  });
});

describe('npm run basemap (the built CLI)', () => {
  beforeAll(() => buildClis(), 60_000);

  it('makes an archive and says what it wrote', async () => {
    const src = mkdtempSync(join(dir, 'cli-'));
    writeLayer(src, 'roads', { type: 'FeatureCollection', features: [line([[-2.11, 57.14], [-2.09, 57.15]], { class: 'primary' })] });
    const out = join(dir, 'cli.pmtiles');
    const r = await runCli('basemap', ['--from', src, '--out', out, '--maxzoom', '12']);
    expect(r.stderr).toMatch(/layer roads: 1 features/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/cli\.pmtiles: \d+ KiB, 13 tiles/);
    expect((await open(new Uint8Array(readFileSync(out))).getHeader()).maxZoom).toBe(12);
  });

  it.each([
    [['--from', '/nonexistent/roads.geojson', '--out', 'x.pmtiles'], /no such file or folder/],
    [['--from', 'package.json', '--out', 'x.pmtiles'], /package\.json: not a GeoJSON FeatureCollection/],
    [['--from', 'README.md', '--out', 'x.pmtiles'], /not a GeoJSON file name/],
    [['--from', 'README.md.geojson', '--out', 'x.pmtiles'], /no such file/],
    [['--world', '--out', 'x.pmtiles', '--bbox', '170,0,190,10'], /outside the world/],
    [['--world', '--out', 'x.pmtiles', '--maxzoom', '30'], /--maxzoom must be a whole number from 0 to 16/],
    [['--out', 'x.pmtiles'], /either --from/],
    [['--from', 'x'], /--out FILE\.pmtiles is required/],
    [['--from', 'x', '--out', 'y.pmtiles', '--zoom', '3'], /unknown option --zoom/],
  ])('refuses %j with a clear error and exit code 2', async (args, message) => {
    const r = await runCli('basemap', args);
    expect(r.stderr).toMatch(message);
    expect(r.code).toBe(2);
  });

  it('refuses a file that is not GeoJSON', async () => {
    const f = join(dir, 'roads.geojson');
    writeFileSync(f, '{"type":"Topology","objects":{}}');
    const r = await runCli('basemap', ['--from', f, '--out', join(dir, 'y.pmtiles')]);
    expect(r.stderr).toMatch(/roads\.geojson: not a GeoJSON FeatureCollection \(type "Topology"\)/);
    expect(r.code).toBe(2);
  });
});

// -----------------------------------------------------------------------------------------------------------------

describe('one HTTP byte range', () => {
  it('parses what PMTiles readers send, and refuses what cannot be served', () => {
    expect(parseRange(undefined, 100)).toEqual({ kind: 'whole' });
    expect(parseRange('bytes=0-16383', 100)).toEqual({ kind: 'partial', start: 0, end: 99 });
    expect(parseRange('bytes=10-19', 100)).toEqual({ kind: 'partial', start: 10, end: 19 });
    expect(parseRange('bytes=90-', 100)).toEqual({ kind: 'partial', start: 90, end: 99 });
    expect(parseRange('bytes=-5', 100)).toEqual({ kind: 'partial', start: 95, end: 99 });
    expect(parseRange('bytes=100-', 100)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=0-1,5-6', 100)).toEqual({ kind: 'whole' });
    expect(parseRange('items=0-1', 100)).toEqual({ kind: 'whole' });
    expect(parseRange('bytes=9-3', 100)).toEqual({ kind: 'whole' });
    expect(contentRange({ kind: 'partial', start: 10, end: 19 }, 100)).toBe('bytes 10-19/100');
    expect(contentRange({ kind: 'unsatisfiable' }, 100)).toBe('bytes */100');
  });
});

describe('the web host serves the user\'s base map (--basemap)', () => {
  let engine: Engine;
  let host: WebHost;
  let archive: Uint8Array;
  let folderHost: WebHost;
  let bare: WebHost;
  const assets = join(ROOT, 'assets');
  beforeAll(async () => {
    engine = await startEngine({ assetsDir: assets, feedUrl: 'http://127.0.0.1:9', reconnectDelayMs: 60_000, reconnectDelayMaxMs: 60_000 });
    const renderer = mkdtempSync(join(dir, 'renderer-'));
    writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>x</title>');
    host = await startWebHost({ engine, rendererDir: renderer, assetsDir: assets, basemap: resolveUserBasemap('aberdeen', assets) });
    archive = new Uint8Array(readFileSync(join(assets, 'cities/aberdeen/basemap.pmtiles')));
    const folder = mkdtempSync(join(dir, 'layers-'));
    writeLayer(folder, 'roads', { type: 'FeatureCollection', features: [line([[0, 0], [1, 1]], { class: 'primary' })] }, true);
    writeLayer(folder, 'water', { type: 'FeatureCollection', features: [] });
    writeFileSync(join(folder, 'notes.txt'), 'not served');
    symlinkSync('/etc/passwd', join(folder, 'passwd.geojson'));
    folderHost = await startWebHost({ engine, rendererDir: renderer, assetsDir: assets, basemap: resolveUserBasemap(folder, assets) });
    bare = await startWebHost({ engine, rendererDir: renderer, assetsDir: assets });
  });
  afterAll(async () => {
    await Promise.all([host?.close(), folderHost?.close(), bare?.close()]);
    await engine?.close();
  });

  const get = (h: WebHost, path: string, headers: Record<string, string> = {}, cookie = true) =>
    fetch(`http://127.0.0.1:${h.port}${path}`, { headers: { ...(cookie ? engineAuthHeaders(h.port, h.engineSecret) : {}), ...headers } });

  it('says what it serves, only to the holder of the engine cookie', async () => {
    const m = await get(host, '/engine/basemap');
    expect(m.status).toBe(200);
    expect(await m.json()).toEqual({ format: 'pmtiles', name: 'basemap.pmtiles', url: '/engine/basemap/file/basemap.pmtiles', bytes: archive.length });
    expect((await get(host, '/engine/basemap', {}, false)).status).toBe(401);
    expect((await get(host, '/engine/basemap/file/basemap.pmtiles', {}, false)).status).toBe(401);
    expect((await get(host, '/engine/basemap', { cookie: `${engineCookieName(host.port)}=wrong` }, false)).status).toBe(401);
    expect((await get(bare, '/engine/basemap')).status).toBe(204); // no --basemap: the renderer draws the demo's map
    expect((await get(bare, '/engine/basemap/file/basemap.pmtiles')).status).toBe(404);
  });

  it('answers Range requests (206, Content-Range), the whole file without one, 416 past the end', async () => {
    const part = await get(host, '/engine/basemap/file/basemap.pmtiles', { range: 'bytes=0-126' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 0-126/${archive.length}`);
    expect(part.headers.get('accept-ranges')).toBe('bytes');
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(archive.slice(0, 127));
    const tail = await get(host, '/engine/basemap/file/basemap.pmtiles', { range: `bytes=${archive.length - 10}-` });
    expect(new Uint8Array(await tail.arrayBuffer())).toEqual(archive.slice(-10));
    const whole = await get(host, '/engine/basemap/file/basemap.pmtiles');
    expect(whole.status).toBe(200);
    expect((await whole.arrayBuffer()).byteLength).toBe(archive.length);
    const past = await get(host, '/engine/basemap/file/basemap.pmtiles', { range: `bytes=${archive.length}-` });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe(`bytes */${archive.length}`);
  });

  it('is read by the pmtiles package over HTTP as the renderer reads it', async () => {
    const cookie = engineAuthHeaders(host.port, host.engineSecret);
    const p = new PMTiles(new FetchSource(`http://127.0.0.1:${host.port}/engine/basemap/file/basemap.pmtiles`, new Headers(cookie)));
    expect((await p.getHeader()).maxZoom).toBe(14);
    expect(((await p.getMetadata()) as { schema: { name: string } }).schema.name).toBe('citydesk-basemap');
    expect(await p.getZxy(14, 8097, 5007)).toBeDefined();
  });

  it('refuses every path but the file itself', async () => {
    for (const path of [
      '/engine/basemap/file/../../../etc/passwd',
      '/engine/basemap/file/%2e%2e%2f%2e%2e%2fpackage.json',
      '/engine/basemap/file/..%2fbasemap.README.md',
      '/engine/basemap/file/basemap.README.md',
      '/engine/basemap/file/',
      '/engine/basemap/file/%E0%A4%A',
      '/engine/basemap/other',
    ]) expect([404, 400]).toContain((await get(host, path)).status);
  });

  it('serves a folder\'s GeoJSON layers and nothing else in it', async () => {
    const m = (await (await get(folderHost, '/engine/basemap')).json()) as { format: string; layers: Record<string, string> };
    expect(m).toEqual({ format: 'geojson', name: expect.any(String), layers: { roads: '/engine/basemap/file/roads.geojson.gz', water: '/engine/basemap/file/water.geojson' } });
    const roads = await get(folderHost, m.layers.roads!);
    expect(roads.status).toBe(200);
    expect(JSON.parse(gunzipSync(new Uint8Array(await roads.arrayBuffer())).toString())).toMatchObject({ type: 'FeatureCollection' });
    expect((await get(folderHost, '/engine/basemap/file/notes.txt')).status).toBe(404);
    expect((await get(folderHost, '/engine/basemap/file/passwd.geojson')).status).toBe(404); // a link out of the folder
  });

  it('checks --basemap at start', () => {
    expect(() => resolveUserBasemap('/nonexistent/city.pmtiles', assets)).toThrow(/no such file or folder, nor a city with a shipped base map \(aberdeen\)/);
    expect(() => resolveUserBasemap('atlantis', assets)).toThrow(/no such file or folder/);
    expect(() => resolveUserBasemap(join(ROOT, 'package.json'), assets)).toThrow(/must be a PMTiles archive/);
    const fake = join(dir, 'fake.pmtiles');
    writeFileSync(fake, 'not an archive at all');
    expect(() => resolveUserBasemap(fake, assets)).toThrow(/not a PMTiles archive/);
    expect(() => resolveUserBasemap(mkdtempSync(join(dir, 'empty-')), assets)).toThrow(/no GeoJSON layers/);
    expect(resolveUserBasemap('aberdeen', assets)).toEqual({ kind: 'pmtiles', name: 'basemap.pmtiles', file: join(assets, 'cities/aberdeen/basemap.pmtiles') });
  });
});
