import { describe, expect, it } from 'vitest';
import { basemapManifestUrl } from '../../renderer/platform';
import { ELECTRON_BASEMAP_MANIFEST_URL } from '../../electron/shared/basemap-manifest';

describe('the platform names where the map reads the base-map manifest', () => {
  it('is main\'s citydesk-basemap:// protocol in Electron', () => {
    expect(basemapManifestUrl('app://citydesk/index.html', true)).toBe('citydesk-basemap://basemap/manifest');
    expect(basemapManifestUrl('app://citydesk/index.html', true)).toBe(ELECTRON_BASEMAP_MANIFEST_URL);
  });

  it('is the web host\'s /engine/basemap beside the page in browser mode', () => {
    expect(basemapManifestUrl('http://127.0.0.1:5180/', false)).toBe('http://127.0.0.1:5180/engine/basemap');
    expect(basemapManifestUrl('http://127.0.0.1:5180/desk/index.html', false)).toBe('http://127.0.0.1:5180/desk/engine/basemap');
  });

  it('picks the web platform when the page has no Electron bridge', () => {
    expect(basemapManifestUrl('http://127.0.0.1:5180/')).toBe('http://127.0.0.1:5180/engine/basemap');
  });
});
