/** A shipped city's hub config brings the base map beside it (the web host draws Aberdeen's without --basemap). */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { basemapBesideHubConfig, resolveUserBasemap } from '../../electron/hosts/user-basemap';

const assets = join(__dirname, '..', '..', 'assets');

describe('basemapBesideHubConfig', () => {
  it('finds the shipped city base map beside its hub config, and nothing beside another', () => {
    expect(basemapBesideHubConfig(join(assets, 'cities', 'aberdeen', 'hub.json'), assets)).toEqual(resolveUserBasemap('aberdeen', assets));
    const dir = mkdtempSync(join(tmpdir(), 'cd-hubcfg-'));
    writeFileSync(join(dir, 'hub.json'), '{}');
    expect(basemapBesideHubConfig(join(dir, 'hub.json'), assets)).toBeUndefined();
  });
});
