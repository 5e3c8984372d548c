import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { basemapUrl, decodeGeoJson, isGzip } from '../../renderer/map/basemap';
import { buildStyle, roadClass, roadFilter, ROAD_ORDER } from '../../renderer/map/style';

describe('offline style', () => {
  const style = buildStyle();
  it('has no glyphs, sprites, remote sources or symbol layers', () => {
    expect(style.glyphs).toBeUndefined();
    expect(style.sprite).toBeUndefined();
    for (const src of Object.values(style.sources)) {
      expect(src.type).toBe('geojson');
      expect(JSON.stringify(src)).not.toMatch(/https?:/);
    }
    expect(style.layers.some((l) => l.type === 'symbol')).toBe(false);
  });
  it('draws background, water, districts and every road class', () => {
    const ids = style.layers.map((l) => l.id);
    expect(ids).toEqual(expect.arrayContaining(['background', 'water', 'districts-fill', 'districts-line']));
    for (const cls of ROAD_ORDER) expect(ids).toContain(`roads-${cls}`);
    // motorways on top of residential on top of unknown
    expect(ids.indexOf('roads-motorway')).toBeGreaterThan(ids.indexOf('roads-residential'));
    expect(ids.indexOf('roads-residential')).toBeGreaterThan(ids.indexOf('roads-unknown'));
  });
  it('classifies OSM highway values', () => {
    expect(roadClass('motorway_link')).toBe('motorway');
    expect(roadClass('primary')).toBe('primary');
    expect(roadClass('living_street')).toBe('residential');
    expect(roadClass('service')).toBe('service');
    expect(roadClass('unknown')).toBe('unknown');
    expect(roadClass(undefined)).toBe('unknown');
    expect(roadClass('footway')).toBe('other');
    expect(roadFilter('other')[0]).toBe('!');
  });
});

describe('base-map loading', () => {
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
