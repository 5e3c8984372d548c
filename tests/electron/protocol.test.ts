import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mimeTypeFor, resolveAppUrl, serveAppRequest, type AppRoots } from '../../electron/main/protocol';
import { electronContentSecurityPolicy } from '../../electron/main/security';

const roots: AppRoots = { renderer: path.resolve('/srv/app/dist/renderer'), basemap: path.resolve('/srv/app/assets/basemap') };

describe('app:// resolver', () => {
  it('maps the index and renderer files into dist/renderer', () => {
    for (const url of ['app://citydesk/', 'app://citydesk', 'app://citydesk/index.html', 'app://citydesk/index.html?x=1#/a']) {
      expect(resolveAppUrl(url, roots)).toEqual({ ok: true, filePath: path.join(roots.renderer, 'index.html'), root: 'renderer', contentType: 'text/html; charset=utf-8' });
    }
    expect(resolveAppUrl('app://citydesk/assets/index-Ab12.js', roots)).toEqual({
      ok: true,
      filePath: path.join(roots.renderer, 'assets', 'index-Ab12.js'),
      root: 'renderer',
      contentType: 'text/javascript; charset=utf-8',
    });
  });

  it('maps assets/basemap into the basemap folder, .gz raw as application/gzip', () => {
    expect(resolveAppUrl('app://citydesk/assets/basemap/roads.geojson.gz', roots)).toEqual({
      ok: true,
      filePath: path.join(roots.basemap, 'roads.geojson.gz'),
      root: 'basemap',
      contentType: 'application/gzip',
    });
    expect(resolveAppUrl('app://citydesk/assets/basemap/style%20v2.json', roots)).toMatchObject({ ok: true, filePath: path.join(roots.basemap, 'style v2.json') });
    expect(resolveAppUrl('app://citydesk/assets/basemap', roots)).toMatchObject({ ok: false, status: 404 });
  });

  it.each([
    'app://citydesk/../../etc/passwd',
    'app://citydesk/assets/../../../etc/passwd',
    'app://citydesk/assets/basemap/../../../etc/passwd',
    'app://citydesk/%2e%2e/%2e%2e/etc/passwd',
    'app://citydesk/%2E%2E/etc/passwd',
    'app://citydesk/.%2e/etc/passwd',
    'app://citydesk/assets/basemap/..%2f..%2f..%2fetc%2fpasswd',
    'app://citydesk/assets/basemap/%2e%2e%2f%2e%2e%2fsecret',
    'app://citydesk/..\\..\\windows\\win.ini',
    'app://citydesk/assets/basemap/..%5c..%5csecret',
    'app://citydesk/./index.html',
    'app://citydesk/..',
  ])('refuses traversal %s', (url) => {
    const r = resolveAppUrl(url, roots);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.status).toBe(403);
  });

  it.each([
    'app://citydesk//etc/passwd',
    'app://citydesk/%2fetc%2fpasswd',
    'app://citydesk/C:/Windows/win.ini',
    'app://citydesk/C%3A%5CWindows%5Cwin.ini',
    'app://citydesk/index.html%00.png',
    'app://citydesk/assets//basemap/x',
  ])('refuses absolute paths and odd segments %s', (url) => {
    const r = resolveAppUrl(url, roots);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.status).toBe(403);
  });

  it.each([
    ['app://evil/index.html', 403],
    ['app://citydesk.evil.com/index.html', 403],
    ['app://citydesk:1234/index.html', 403],
    ['app://x@citydesk/index.html', 403],
    ['app:///etc/passwd', 403],
    ['file:///etc/passwd', 400],
    ['https://citydesk/index.html', 400],
    ['/etc/passwd', 400],
    ['app://citydesk/%E0%A4%A', 400],
  ])('refuses %s with %i', (url, status) => {
    expect(resolveAppUrl(url, roots)).toMatchObject({ ok: false, status });
  });

  it('knows the mime types', () => {
    expect(mimeTypeFor('a.js')).toBe('text/javascript; charset=utf-8');
    expect(mimeTypeFor('a.mjs')).toBe('text/javascript; charset=utf-8');
    expect(mimeTypeFor('a.css')).toBe('text/css; charset=utf-8');
    expect(mimeTypeFor('a.html')).toBe('text/html; charset=utf-8');
    expect(mimeTypeFor('a.json')).toBe('application/json; charset=utf-8');
    expect(mimeTypeFor('a.wasm')).toBe('application/wasm');
    expect(mimeTypeFor('a.PNG')).toBe('image/png');
    expect(mimeTypeFor('a.svg')).toBe('image/svg+xml');
    expect(mimeTypeFor('roads.geojson.gz')).toBe('application/gzip');
    expect(mimeTypeFor('a.unknown')).toBe('application/octet-stream');
  });
});

describe('serveAppRequest (real files)', () => {
  let dir: string;
  let real: AppRoots;
  const gz = gzipSync(Buffer.from('{"type":"FeatureCollection","features":[]}'));

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'citydesk-proto-'));
    real = { renderer: path.join(dir, 'dist', 'renderer'), basemap: path.join(dir, 'assets', 'basemap') };
    mkdirSync(path.join(real.renderer, 'assets'), { recursive: true });
    mkdirSync(real.basemap, { recursive: true });
    writeFileSync(path.join(real.renderer, 'index.html'), '<!doctype html><title>CityDesk</title>');
    writeFileSync(path.join(real.renderer, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(path.join(real.basemap, 'roads.geojson.gz'), gz);
    writeFileSync(path.join(dir, 'secret.txt'), 'secret');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves index.html with the CSP header', async () => {
    const r = await serveAppRequest({ url: 'app://citydesk/' }, real);
    expect(r.status).toBe(200);
    expect(r.headers['Content-Type']).toBe('text/html; charset=utf-8');
    expect(r.headers['Content-Security-Policy']).toBe(electronContentSecurityPolicy());
    expect(r.headers['X-Content-Type-Options']).toBe('nosniff');
    expect(Buffer.from(r.body!).toString()).toContain('<title>CityDesk</title>');
  });

  it('serves .gz raw: application/gzip, no Content-Encoding, bytes unchanged', async () => {
    const r = await serveAppRequest({ url: 'app://citydesk/assets/basemap/roads.geojson.gz' }, real);
    expect(r.status).toBe(200);
    expect(r.headers['Content-Type']).toBe('application/gzip');
    expect(Object.keys(r.headers).map((k) => k.toLowerCase())).not.toContain('content-encoding');
    expect(Buffer.from(r.body!).equals(gz)).toBe(true);
    expect(r.headers['Content-Length']).toBe(String(gz.length));
  });

  it('404s missing files and directories, 403s traversal, 405s writes; HEAD has no body', async () => {
    expect((await serveAppRequest({ url: 'app://citydesk/nope.js' }, real)).status).toBe(404);
    expect((await serveAppRequest({ url: 'app://citydesk/assets' }, real)).status).toBe(404);
    const t = await serveAppRequest({ url: 'app://citydesk/assets/basemap/..%2f..%2f..%2fsecret.txt' }, real);
    expect(t.status).toBe(403);
    expect(Buffer.from(t.body!).toString()).not.toContain('secret\n');
    expect((await serveAppRequest({ url: 'app://citydesk/../secret.txt' }, real)).status).toBe(403);
    expect((await serveAppRequest({ url: 'app://citydesk/index.html', method: 'POST' }, real)).status).toBe(405);
    const head = await serveAppRequest({ url: 'app://citydesk/assets/app.js', method: 'HEAD' }, real);
    expect(head).toMatchObject({ status: 200, body: null });
    expect(head.headers['Content-Type']).toBe('text/javascript; charset=utf-8');
  });
});

describe('serveAppRequest against the repository (dist/renderer after `npm run build`, assets/basemap)', () => {
  const repo = path.resolve(__dirname, '..', '..');
  const repoRoots: AppRoots = { renderer: path.join(repo, 'dist', 'renderer'), basemap: path.join(repo, 'assets', 'basemap') };
  const built = existsSync(path.join(repoRoots.renderer, 'index.html'));

  it.skipIf(!built)('serves every file index.html references, with a JS/CSS mime type', async () => {
    const index = await serveAppRequest({ url: 'app://citydesk/index.html' }, repoRoots);
    expect(index.status).toBe(200);
    const html = Buffer.from(index.body!).toString();
    const refs = [...html.matchAll(/(?:src|href)="\.\/([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      const r = await serveAppRequest({ url: new URL(ref, 'app://citydesk/index.html').href }, repoRoots);
      expect(r.status, ref).toBe(200);
      expect(r.headers['Content-Type'], ref).toMatch(/^text\/(javascript|css)/);
    }
  });

  it.each(['roads', 'districts', 'water'])('serves the %s base map raw as application/gzip', async (name) => {
    const url = new URL(`./assets/basemap/${name}.geojson.gz`, 'app://citydesk/index.html').href;
    const r = await serveAppRequest({ url }, repoRoots);
    expect(r.status).toBe(200);
    expect(r.headers['Content-Type']).toBe('application/gzip');
    expect(Buffer.from(r.body!.subarray(0, 2)).equals(Buffer.from([0x1f, 0x8b]))).toBe(true);
  });
});
