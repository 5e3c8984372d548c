/**
 * Electron's citydesk-basemap:// handler as a plain module (Request -> Response; the Electron binary cannot run here):
 * the manifest, Range requests, and 404 for everything that is not the configured base map.
 */
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { basemapLaunchConfig, basemapRequestOf, serveBasemapRequest } from '../../electron/main/basemap-protocol';
import { resolveUserBasemap } from '../../electron/hosts/user-basemap';

const ROOT = join(__dirname, '..', '..');
const assets = join(ROOT, 'assets');
const archive = readFileSync(join(assets, 'cities/aberdeen/basemap.pmtiles'));
const city = resolveUserBasemap('aberdeen', assets);
const BASE = 'citydesk-basemap://basemap';
const req = (url: string, init: RequestInit = {}) => new Request(url, init);

function folderBasemap() {
  const dir = mkdtempSync(join(tmpdir(), 'cd-elbasemap-'));
  writeFileSync(join(dir, 'roads.geojson'), JSON.stringify({ type: 'FeatureCollection', features: [] }));
  writeFileSync(join(dir, 'notes.txt'), 'not served');
  symlinkSync('/etc/passwd', join(dir, 'passwd.geojson'));
  return resolveUserBasemap(dir, assets);
}

describe('main reads --basemap / CITYDESK_BASEMAP with the web host\'s resolution', () => {
  it('takes the flag over the environment, resolves a shipped city, and warns about an unusable one', () => {
    expect(basemapLaunchConfig({ argv: [], env: {}, assetsDir: assets })).toEqual({ basemap: null, warnings: [] });
    expect(basemapLaunchConfig({ argv: ['--basemap', 'aberdeen'], env: { CITYDESK_BASEMAP: 'atlantis' }, assetsDir: assets }).basemap).toEqual(city);
    expect(basemapLaunchConfig({ argv: [], env: { CITYDESK_BASEMAP: 'aberdeen' }, assetsDir: assets }).basemap).toEqual(city);
    const bad = basemapLaunchConfig({ argv: ['--basemap=atlantis'], env: {}, assetsDir: assets });
    expect(bad.basemap).toBeNull();
    expect(bad.warnings.join()).toMatch(/ignoring the base map: --basemap atlantis: no such file or folder, nor a city .*aberdeen/);
  });
});

describe('the citydesk-basemap:// handler', () => {
  it('serves the manifest naming its own file URLs (204 without a base map)', async () => {
    const res = serveBasemapRequest(req(`${BASE}/manifest`), city);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({ format: 'pmtiles', name: 'basemap.pmtiles', url: `${BASE}/file/basemap.pmtiles`, bytes: archive.length });
    const none = serveBasemapRequest(req(`${BASE}/manifest`), null);
    expect(none.status).toBe(204);
    expect(none.body).toBeNull();
  });

  it('serves the archive whole, or one byte range (206), and 416 past the end', async () => {
    const whole = serveBasemapRequest(req(`${BASE}/file/basemap.pmtiles`), city);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(Buffer.from(await whole.arrayBuffer()).equals(archive)).toBe(true); // (toEqual on 6 MB is too slow)
    const part = serveBasemapRequest(req(`${BASE}/file/basemap.pmtiles`, { headers: { range: 'bytes=0-126' } }), city);
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 0-126/${archive.length}`);
    expect(part.headers.get('content-length')).toBe('127');
    const bytes = new Uint8Array(await part.arrayBuffer());
    expect(Buffer.from(bytes).equals(archive.subarray(0, 127))).toBe(true);
    expect(new TextDecoder().decode(bytes.subarray(0, 7))).toBe('PMTiles');
    const tail = serveBasemapRequest(req(`${BASE}/file/basemap.pmtiles`, { headers: { range: 'bytes=-10' } }), city);
    expect(Buffer.from(await tail.arrayBuffer()).equals(archive.subarray(archive.length - 10))).toBe(true);
    const past = serveBasemapRequest(req(`${BASE}/file/basemap.pmtiles`, { headers: { range: `bytes=${archive.length}-` } }), city);
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe(`bytes */${archive.length}`);
    const head = serveBasemapRequest(req(`${BASE}/file/basemap.pmtiles`, { method: 'HEAD' }), city);
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(archive.length));
    expect(head.body).toBeNull();
  });

  it('serves a GeoJSON folder\'s layer files only', async () => {
    const folder = folderBasemap();
    const manifest = await serveBasemapRequest(req(`${BASE}/manifest`), folder).json();
    expect(manifest).toEqual({ format: 'geojson', name: folder.name, layers: { roads: `${BASE}/file/roads.geojson` } });
    const roads = serveBasemapRequest(req(`${BASE}/file/roads.geojson`), folder);
    expect(roads.status).toBe(200);
    expect(roads.headers.get('content-type')).toBe('application/geo+json');
    expect(await roads.json()).toEqual({ type: 'FeatureCollection', features: [] });
    expect(serveBasemapRequest(req(`${BASE}/file/notes.txt`), folder).status).toBe(404);
    expect(serveBasemapRequest(req(`${BASE}/file/passwd.geojson`), folder).status).toBe(404); // a link out of the folder
  });

  it.each([
    `${BASE}/file/..%2f..%2fpackage.json`,
    `${BASE}/file/%2e%2e/manifest`,
    `${BASE}/file/../../package.json`,
    `${BASE}/file/..\\basemap.pmtiles`,
    `${BASE}/file/`,
    `${BASE}/file/basemap.pmtiles/x`,
    `${BASE}/files/basemap.pmtiles`,
    `${BASE}/`,
    `${BASE}/engine/basemap`,
    'citydesk-basemap://other/manifest',
    'citydesk-basemap://basemap:8080/manifest',
    'citydesk-basemap://user@basemap/manifest',
    'app://citydesk/manifest',
  ])('asks for nothing: %s', (url) => {
    expect(basemapRequestOf(url)).toBeNull();
  });

  it.each([
    `${BASE}/file/..%2f..%2fpackage.json`,
    `${BASE}/file/../../package.json`,
    `${BASE}/file/other.pmtiles`,
    `${BASE}/file/basemap.pmtiles/x`,
    `${BASE}/file/%E0%A4%A`,
    `${BASE}/files/basemap.pmtiles`,
    `${BASE}/`,
    'citydesk-basemap://other/manifest',
    'citydesk-basemap://basemap:8080/manifest',
  ])('404 for %s', (url) => {
    expect(serveBasemapRequest(req(url), city).status).toBe(404);
  });

  it('gets dot segments already resolved by the URL parser: they reach no file outside the base map', () => {
    // Request (like Chromium) resolves %2e%2e before the handler sees it; what is left is one of the handler's own URLs.
    expect(req(`${BASE}/file/%2e%2e/manifest`).url).toBe(`${BASE}/manifest`);
    expect(req(`${BASE}/file/%2e%2e/%2e%2e/etc/passwd`).url).toBe(`${BASE}/etc/passwd`);
    expect(serveBasemapRequest(req(`${BASE}/file/%2e%2e/%2e%2e/etc/passwd`), city).status).toBe(404);
  });

  it('answers only GET and HEAD', () => {
    expect(serveBasemapRequest(req(`${BASE}/manifest`, { method: 'POST', body: 'x' }), city).status).toBe(405);
  });
});
