import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
// maplibre-gl's own style validator (its dependency): every style we build must be a valid MapLibre style.
import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import { PMTiles, type RangeResponse, type Source } from 'pmtiles';
import type { LayerSpecification, StyleSpecification } from 'maplibre-gl';
import { basemapUrl, decodeGeoJson, isGzip } from '../../renderer/map/basemap';
import { archiveKey } from '../../renderer/map/basemap/archive-key';
import { cityStyle, detectSchema, pmtilesUrl, type CityBasemap } from '../../renderer/map/basemap/city';
import { CITY_LAYERS } from '../../renderer/map/basemap/city-style';
import { buildStyle, roadClass, roadFilter, ROAD_ORDER } from '../../renderer/map/style';
import { parseBasemapManifest } from '../../electron/shared/basemap-manifest';

const WORLD = pmtilesUrl('http://127.0.0.1:5180/assets/basemap/world/world.pmtiles');
const CITIES: Record<string, CityBasemap> = {
  none: { kind: 'none' },
  aarhus: { kind: 'demo' },
  citydesk: { kind: 'pmtiles', url: 'http://127.0.0.1:5180/engine/basemap/file/aberdeen.pmtiles', schema: 'citydesk', attribution: '© OpenStreetMap contributors', bounds: [-2.35, 56.95, -1.8, 57.52] },
  protomaps: { kind: 'pmtiles', url: 'http://127.0.0.1:5180/engine/basemap/file/city.pmtiles', schema: 'protomaps', attribution: '© OpenStreetMap', bounds: null },
  geojson: { kind: 'geojson', layers: { roads: '/engine/basemap/file/roads.geojson.gz', water: '/engine/basemap/file/water.geojson' }, attribution: '© OpenStreetMap contributors', bounds: null },
};

const sourceOf = (l: LayerSpecification): string | undefined => ('source' in l ? (l.source as string) : undefined);

describe('offline styles, for every kind of base map', () => {
  for (const [name, city] of Object.entries(CITIES)) {
    it(`${name}: a valid MapLibre style, offline (no glyphs, sprites, remote URLs or text), the world map at the bottom`, () => {
      const style = buildStyle(WORLD, city);
      expect(validateStyleMin(style as StyleSpecification)).toEqual([]);
      expect(style.glyphs).toBeUndefined();
      expect(style.sprite).toBeUndefined();
      for (const src of Object.values(style.sources)) {
        if (src.type === 'vector') expect(src.url).toMatch(/^pmtiles:\/\//);
        else expect(src.type).toBe('geojson');
        expect(JSON.stringify(src)).not.toMatch(/"https?:/);
      }
      expect(style.layers.some((l) => l.type === 'symbol')).toBe(false);
      expect(style.layers.slice(0, 3).map((l) => l.id)).toEqual(['background', 'world-land', 'world-borders']);
      expect(style.sources.world).toMatchObject({ type: 'vector', url: WORLD, attribution: 'Natural Earth' });
      for (const l of style.layers) if (l.type !== 'background') expect(Object.keys(style.sources)).toContain(sourceOf(l));
      expect(new Set(style.layers.map((l) => l.id)).size).toBe(style.layers.length);
    });
  }

  it('is pure: the same input gives the same style', () => {
    for (const city of Object.values(CITIES)) expect(buildStyle(WORLD, city)).toEqual(buildStyle(WORLD, city));
  });

  it('aarhus: background, water, districts and every road class, motorways on top', () => {
    const ids = buildStyle(WORLD, CITIES.aarhus).layers.map((l) => l.id);
    expect(ids).toEqual(expect.arrayContaining(['background', 'water', 'districts-fill', 'districts-line']));
    for (const cls of ROAD_ORDER) expect(ids).toContain(`roads-${cls}`);
    expect(ids.indexOf('roads-motorway')).toBeGreaterThan(ids.indexOf('roads-residential'));
    expect(ids.indexOf('roads-residential')).toBeGreaterThan(ids.indexOf('roads-unknown'));
    expect(cityStyle(CITIES.aarhus!).customAttribution).toMatch(/CityPulse/);
  });

  it('our archives: one vector source, the schema\'s layers, roads by class with paths only from zoom 13', () => {
    const s = cityStyle(CITIES.citydesk!);
    expect(Object.keys(s.sources)).toEqual(['city']);
    expect(s.sources.city).toEqual({ type: 'vector', url: 'pmtiles://http://127.0.0.1:5180/engine/basemap/file/aberdeen.pmtiles', attribution: '© OpenStreetMap contributors' });
    const layers = new Set(s.layers.map((l) => (l as { 'source-layer'?: string })['source-layer']));
    expect([...layers].sort()).toEqual([...CITY_LAYERS].sort());
    expect(s.layers.find((l) => l.id === 'city-roads-other')).toMatchObject({ minzoom: 13 });
    expect(s.layers.find((l) => l.id === 'city-buildings')).toMatchObject({ minzoom: 13 });
    expect(s.customAttribution).toBeUndefined(); // nothing about Aarhus
    expect(JSON.stringify(s)).not.toMatch(/Aarhus/);
  });

  it('Protomaps archives: the maintained @protomaps/basemaps layers, without labels and background', () => {
    const s = cityStyle(CITIES.protomaps!);
    expect(s.layers.length).toBeGreaterThan(30);
    expect(s.layers.every((l) => l.id.startsWith('city-') && l.type !== 'background' && l.type !== 'symbol' && sourceOf(l) === 'city')).toBe(true);
    expect(new Set(s.layers.map((l) => (l as { 'source-layer'?: string })['source-layer']))).toEqual(new Set(['earth', 'landcover', 'landuse', 'water', 'roads', 'buildings', 'boundaries']));
  });

  it('GeoJSON folders: one GeoJSON source per layer present, layers only for those', () => {
    const s = cityStyle(CITIES.geojson!);
    expect(Object.keys(s.sources).sort()).toEqual(['city-roads', 'city-water']);
    expect(s.layers.every((l) => ['city-roads', 'city-water'].includes(sourceOf(l)!))).toBe(true);
    expect(s.layers.map((l) => l.id)).toEqual(expect.arrayContaining(['city-water', 'city-waterways', 'city-roads-motorway', 'city-roads-other']));
  });
});

describe('archive schema detection', () => {
  class MemorySource implements Source {
    constructor(private readonly bytes: Uint8Array) {}
    getKey = () => 'm';
    getBytes = (o: number, n: number): Promise<RangeResponse> => Promise.resolve({ data: this.bytes.slice(o, o + n).buffer });
  }
  it('recognises our shipped archives, Protomaps builds, and nothing else', async () => {
    const aberdeen = new PMTiles(new MemorySource(new Uint8Array(readFileSync(new URL('../../assets/cities/aberdeen/basemap.pmtiles', import.meta.url)))));
    expect(detectSchema(await aberdeen.getMetadata())).toBe('citydesk');
    const protomapsLayers = ['boundaries', 'buildings', 'earth', 'landcover', 'landuse', 'places', 'pois', 'roads', 'transit', 'water'].map((id) => ({ id, fields: {} }));
    expect(detectSchema({ name: 'Protomaps Basemap', vector_layers: protomapsLayers })).toBe('protomaps');
    expect(detectSchema({ vector_layers: [{ id: 'roads' }, { id: 'water' }] })).toBe('citydesk');
    expect(detectSchema({ vector_layers: [{ id: 'transportation' }, { id: 'water' }] })).toBeNull(); // OpenMapTiles: not drawn
    expect(detectSchema(null)).toBeNull();
  });
});

describe('the pmtiles:// protocol and the host manifest', () => {
  it('finds the archive a request is for', () => {
    expect(archiveKey('pmtiles://http://127.0.0.1:5180/assets/basemap/world/world.pmtiles')).toBe('http://127.0.0.1:5180/assets/basemap/world/world.pmtiles');
    expect(archiveKey('pmtiles://http://127.0.0.1:5180/assets/basemap/world/world.pmtiles/6/33/20.mvt')).toBe('http://127.0.0.1:5180/assets/basemap/world/world.pmtiles');
    expect(archiveKey('app://citydesk/x.pmtiles/0/0/0')).toBeNull();
  });
  it('checks the manifest', () => {
    expect(parseBasemapManifest({ format: 'pmtiles', name: 'a.pmtiles', url: '/engine/basemap/file/a.pmtiles', bytes: 10 })).toEqual({ format: 'pmtiles', name: 'a.pmtiles', url: '/engine/basemap/file/a.pmtiles', bytes: 10 });
    expect(parseBasemapManifest({ format: 'geojson', name: 'x', layers: { roads: '/r' } })).toMatchObject({ format: 'geojson' });
    expect(() => parseBasemapManifest({ format: 'mbtiles' })).toThrow(/unknown format "mbtiles"/);
    expect(() => parseBasemapManifest({ format: 'geojson', name: 'x', layers: {} })).toThrow(/layers/);
    expect(() => parseBasemapManifest({ format: 'pmtiles', name: 'x' })).toThrow(/url/);
  });
});

describe('road classes', () => {
  it('classifies OSM highway and OpenMapTiles class values', () => {
    expect(roadClass('motorway_link')).toBe('motorway');
    expect(roadClass('trunk')).toBe('motorway');
    expect(roadClass('primary')).toBe('primary');
    expect(roadClass('living_street')).toBe('residential');
    expect(roadClass('minor')).toBe('residential');
    expect(roadClass('service')).toBe('service');
    expect(roadClass('unknown')).toBe('unknown');
    expect(roadClass(undefined)).toBe('unknown');
    expect(roadClass('footway')).toBe('other');
    expect(roadClass('path')).toBe('other');
    expect(roadFilter('other')[0]).toBe('!');
  });
});

describe('Aarhus base-map loading', () => {
  it('builds URLs relative to the page', () => {
    expect(basemapUrl('roads', 'app://citydesk/index.html')).toBe('app://citydesk/assets/basemap/roads.geojson.gz');
    expect(basemapUrl('water', 'http://127.0.0.1:5180/')).toBe('http://127.0.0.1:5180/assets/basemap/water.geojson.gz');
  });
  it('inflates the shipped gzip files with DecompressionStream', async () => {
    const bytes = new Uint8Array(readFileSync(new URL('../../assets/basemap/water.geojson.gz', import.meta.url)));
    expect(isGzip(bytes)).toBe(true);
    const fc = await decodeGeoJson(bytes);
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features.length).toBeGreaterThan(0);
  });
  it('also accepts bytes already decoded by the host, and rejects non-GeoJSON', async () => {
    const plain = new TextEncoder().encode('{"type":"FeatureCollection","features":[]}');
    await expect(decodeGeoJson(plain)).resolves.toMatchObject({ features: [] });
    await expect(decodeGeoJson(new Uint8Array(gzipSync('{"a":1}')))).rejects.toThrow(/FeatureCollection/);
  });
});
