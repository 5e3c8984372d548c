import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..', '..');
const build = path.join(root, 'build');
// js-yaml and app-builder-lib come with electron-builder (a devDependency); electron-builder itself parses the YAML
// with js-yaml and validates it with app-builder-lib's validateConfiguration, so this is the same check `npm run
// dist` starts with, minus the network.
const require = createRequire(path.join(root, 'package.json'));
const yaml = require('js-yaml') as { load(s: string): unknown };

type BuilderConfig = Record<string, any>;  
const config = yaml.load(readFileSync(path.join(build, 'electron-builder.yml'), 'utf8')) as BuilderConfig;

function pngSize(file: string): { width: number; height: number } {
  const b = readFileSync(file);
  expect(b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), `${file} is a PNG`).toBe(true);
  expect(b.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

describe('electron-builder config', () => {
  it('names the app and packs only dist/ and package.json, with assets as a resource', () => {
    expect(config.appId).toBe('dk.citydesk.app');
    expect(config.productName).toBe('CityDesk');
    expect(config.directories.output).toBe('release');
    expect(config.files).toEqual(expect.arrayContaining(['dist/**', 'package.json']));
    expect(config.extraResources).toEqual([expect.objectContaining({ from: 'assets', to: 'assets' })]);
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect(pkg.main).toBe('dist/electron/main/main.cjs');
  });

  it('has the four targets', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.linux.category).toBe('Utility');
    expect(config.linux.maintainer).toMatch(/\S+ <\S+@\S+>/);
    expect(config.mac.category).toBe('public.app-category.productivity');
    expect(config.mac.hardenedRuntime).toBe(true);
  });

  it('points at files that exist', () => {
    for (const f of [config.mac.entitlements, config.mac.entitlementsInherit, config.win.icon, config.mac.icon, config.linux.icon]) {
      expect(existsSync(path.join(root, f)), f).toBe(true);
    }
    const plist = readFileSync(path.join(root, config.mac.entitlements), 'utf8');
    expect(plist).toContain('com.apple.security.cs.allow-jit');
    expect(plist).not.toContain('com.apple.security.device.camera');
  });

  it("passes electron-builder's own schema validation", async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
      validateConfiguration(c: unknown, logger: unknown): Promise<void>;
    };
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...config, mac: { ...config.mac, notAnOption: 1 } }, new DebugLogger(false))).rejects.toThrow(/Invalid configuration object[\s\S]*configuration\.mac/);
  });
});

describe('icons', () => {
  it('build/icon.png is 1024x1024', () => {
    expect(pngSize(path.join(build, 'icon.png'))).toEqual({ width: 1024, height: 1024 });
  });

  it.each([16, 24, 32, 48, 64, 128, 256, 512])('build/icons/NxN.png is NxN for N = %i', (s) => {
    expect(pngSize(path.join(build, 'icons', `${s}x${s}.png`))).toEqual({ width: s, height: s });
  });

  it('build/icon.ico holds 16..256', () => {
    const b = readFileSync(path.join(build, 'icon.ico'));
    expect(b.readUInt16LE(0)).toBe(0);
    expect(b.readUInt16LE(2)).toBe(1); // icon
    const n = b.readUInt16LE(4);
    const sizes = Array.from({ length: n }, (_, i) => b[6 + i * 16] || 256);
    expect(sizes).toEqual(expect.arrayContaining([16, 32, 48, 256]));
  });

  it('build/icon.icns is well-formed and holds 16..1024', () => {
    const b = readFileSync(path.join(build, 'icon.icns'));
    expect(b.subarray(0, 4).toString('ascii')).toBe('icns');
    expect(b.readUInt32BE(4)).toBe(b.length);
    const types: string[] = [];
    for (let off = 8; off < b.length; ) {
      const type = b.subarray(off, off + 4).toString('ascii');
      const len = b.readUInt32BE(off + 4);
      expect(len).toBeGreaterThan(8);
      expect(b.subarray(off + 9, off + 12).toString('ascii')).toBe('PNG');
      types.push(type);
      off += len;
    }
    expect(types).toEqual(expect.arrayContaining(['icp4', 'ic07', 'ic08', 'ic09', 'ic10']));
  });
});
