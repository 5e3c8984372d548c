/**
 * The layering is a lint rule, not goodwill: these cases run the project's real ESLint config on code placed in each
 * layer and expect the violations to be reported (and the allowed imports not to be). The layering cases lint files
 * that do not exist, which no tsconfig holds: they run without type information (the layering rules need none). The
 * type-aware cases lint new text under the path of a real file, so that the project service has its program.
 */
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');
const eslint = new ESLint({ cwd: root, overrideConfig: [{ languageOptions: { parserOptions: { projectService: false } } }, tseslint.configs.disableTypeChecked] });
const typedEslint = new ESLint({ cwd: root });

async function errors(file: string, code: string, linter = eslint): Promise<string[]> {
  const [result] = await linter.lintText(code, { filePath: join(root, file) });
  return (result?.messages ?? []).filter((m) => m.severity === 2).map((m) => `${m.ruleId}: ${m.message}`);
}

/** Only the rules that carry the architecture, so that an unrelated error cannot make a case pass. */
async function layerErrors(file: string, code: string): Promise<string[]> {
  return (await errors(file, code)).filter((e) => /citydesk\/layering|no-restricted-globals|no-eval|no-new-func/.test(e));
}

const use = (imp: string, name = 'x'): string => `${imp}\nexport const used = ${name};`;

describe('electron/shared: ECMAScript only, imported by every layer, importing none', () => {
  const file = 'electron/shared/x.ts';
  it.each([
    use("import { readFileSync } from 'fs';", 'readFileSync'),
    use("import { readFileSync } from 'node:fs';", 'readFileSync'),
    use("import { readFile } from 'fs/promises';", 'readFile'),
    use("import { readFile } from 'node:fs/promises';", 'readFile'),
    use("import * as dns from 'dns';", 'dns'),
    "export const t = document.title;",
    "export const w = window.innerWidth;",
    "export const f = fetch;",
    "export const e = process.env.HOME;",
    "export const b = Buffer.from('x');",
    use("import { app } from 'electron';", 'app'),
    use("import React from 'react';", 'React'),
    use("import { create } from 'zustand';", 'create'),
    use("import { startEngine } from '../engine/index';", 'startEngine'),
    "import type { EngineClient } from '../engine/api';\nexport type E = EngineClient;",
    use("import { App } from '../../renderer/App';", 'App'),
    use("import { x } from '../main/app-origin';"),
    use("import { x } from '../cli/args';"),
    use("import { startDemoServer } from '../demo-feed/server';", 'startDemoServer'),
    use("import { startHub } from '../hub/hub';", 'startHub'),
  ])('may not: %s', async (code) => {
    expect(await layerErrors(file, code)).not.toEqual([]);
  });

  it('may use its own modules, zod and the ECMAScript library', async () => {
    expect(await errors(file, "import { z } from 'zod';\nimport { STALE_GRACE_FACTOR } from './model';\nexport const v = [z, STALE_GRACE_FACTOR, new Map(), JSON.stringify({}), Math.max(1, 2)];")).toEqual([]);
  });
});

describe('the engine', () => {
  const file = 'electron/engine/feed/x.ts';
  it.each([
    use("import { app } from 'electron';", 'app'),
    use("import React from 'react';", 'React'),
    use("import { Deck } from '@deck.gl/core';", 'Deck'),
    use("import { x } from '../../main/security';"),
    use("import { y } from '../../../renderer/store';", 'y'),
    "export const w = window.innerWidth;",
    use("import { parseArgs } from '../../cli/args';", 'parseArgs'),
    use("import { startWebHost } from '../../cli/web-host';", 'startWebHost'),
    use("import { startDemoServer } from '../../demo-feed/server';", 'startDemoServer'),
    "import type { DemoServer } from '../../demo-feed/server';\nexport type D = DemoServer;",
    "export const load = () => import('../../demo-feed/data');",
    use("import { startHub } from '../../hub/hub';", 'startHub'),
    "import type { Hub } from '../../hub/hub';\nexport type H = Hub;",
  ])('may not: %s', async (code) => {
    expect(await layerErrors(file, code)).not.toEqual([]);
  });

  it('may use Node, electron/shared and its own modules', async () => {
    expect(await errors(file, "import { readFileSync } from 'node:fs';\nimport { EV } from '../../shared/protocol';\nimport { FeedClient } from './client';\nexport const v = [readFileSync, EV, FeedClient];")).toEqual([]);
  });
});

describe('the hub: a feed server in plain Node, sources in, the feed protocol out', () => {
  const file = 'electron/hub/sources/x.ts';
  it.each([
    use("import { startEngine } from '../../engine/index';", 'startEngine'),
    "import type { EngineClient } from '../../engine/api';\nexport type E = EngineClient;",
    use("import { x } from '../../main/security';"),
    use("import { x } from '../../preload/preload';"),
    use("import { parseArgs } from '../../cli/args';", 'parseArgs'),
    use("import { x } from '../../../renderer/store';"),
    use("import { app } from 'electron';", 'app'),
    use("import React from 'react';", 'React'),
    use("import maplibregl from 'maplibre-gl';", 'maplibregl'),
    'export const w = window.innerWidth;',
    'export const d = document.title;',
    'export const f = (s: string) => eval(s);',
  ])('may not: %s', async (code) => {
    expect(await layerErrors(file, code)).not.toEqual([]);
  });

  it('may use Node, socket.io, mqtt, electron/shared, its own modules and the demo data', async () => {
    const code = [
      "import { createServer } from 'node:http';",
      "import { Server } from 'socket.io';",
      "import mqtt from 'mqtt';",
      "import { EV } from '../../shared/protocol';",
      "import { loadDemoData } from '../../demo-feed/data';",
      "import { backoffMs } from './source';",
      'export const v = [createServer, Server, mqtt, EV, loadDemoData, backoffMs, fetch, process.env];',
    ].join('\n');
    expect(await errors(file, code)).toEqual([]);
  });
});

describe('the demo feed: a hub with the demo source', () => {
  const file = 'electron/demo-feed/x.ts';
  it.each([
    use("import { startEngine } from '../engine/index';", 'startEngine'),
    "import type { EngineClient } from '../engine/api';\nexport type E = EngineClient;",
    use("import { x } from '../main/security';"),
    use("import { x } from '../cli/args';"),
    use("import { x } from '../../renderer/store';"),
    use("import { app } from 'electron';", 'app'),
  ])('may not: %s', async (code) => {
    expect(await layerErrors(file, code)).not.toEqual([]);
  });

  it('may use Node, socket.io, the hub and electron/shared', async () => {
    expect(await errors(file, "import { createServer } from 'node:http';\nimport { Server } from 'socket.io';\nimport { EV } from '../shared/protocol';\nimport { startHub } from '../hub/hub';\nexport const v = [createServer, Server, EV, startHub];")).toEqual([]);
  });
});

describe('the renderer', () => {
  const file = 'renderer/map/x.ts';
  it.each([
    use("import { startEngine } from '../../electron/engine/index';", 'startEngine'),
    use("import { startEngine } from '../../electron/engine';", 'startEngine'),
    use("import { startEngine } from '../../electron/engine/index.ts';", 'startEngine'),
    use("import { engineApi } from './layers/../../../electron/engine/api';", 'engineApi'),
    use("import { engineApi } from '../../electron/shared/../engine/api';", 'engineApi'),
    use("import '../../electron/engine/api';", '1'),
    "export { startEngine } from '../../electron/engine';",
    "export * from '../../electron/engine/api';",
    "export const load = () => import('../../electron/engine/index');",
    "export const r = require('../../electron/engine');",
    use("import { readingSchema } from '../../electron/shared/protocol';", 'readingSchema'),
    use("import { z } from 'zod';", 'z'),
    use("import { ipcRenderer } from 'electron';", 'ipcRenderer'),
    use("import { x } from '../../electron/main/security';"),
    use("import { x } from '../../electron/preload/preload';"),
    use("import { x } from '../../electron/cli/args';"),
    use("import { startDemoServer } from '../../electron/demo-feed/server';", 'startDemoServer'),
    "import type { DemoServer } from '../../electron/demo-feed/server';\nexport type D = DemoServer;",
    use("import { startHub } from '../../electron/hub/hub';", 'startHub'),
    "export const e = process.env.NODE_ENV;",
  ])('may not: %s', async (code) => {
    expect(await layerErrors(file, code)).not.toEqual([]);
  });

  it.each(builtinModules.flatMap((m) => (m.startsWith('node:') ? [m] : [m, `node:${m}`])))('may not import the Node module %s', async (m) => {
    expect(await layerErrors(file, use(`import * as mod from '${m}';`, 'mod'))).not.toEqual([]);
  });

  it('may import engine and protocol types in every form, and electron/shared at run time', async () => {
    const code = [
      "import type { Sensor } from '../../electron/shared/model';",
      "import type { EngineClient } from '../../electron/engine/api';",
      "import { type RpcRequest } from '../../electron/engine';",
      "import type { RejectReason } from '../../electron/shared/protocol';",
      "export type { Alarm } from '../../electron/engine/api';",
      "import { rejectText } from '../../electron/shared/labels';",
      "import { SEVERITY_ORDER } from '../../electron/shared/severity';",
      "import { freshness } from '../../electron/shared/model';",
      'export type T = [Sensor, EngineClient, RpcRequest, RejectReason];',
      'export const v = [rejectText, SEVERITY_ORDER, freshness];',
    ].join('\n');
    expect(await errors(file, code)).toEqual([]);
  });
});

describe('the Electron shell (main and preload)', () => {
  it.each([
    ['electron/main/x.ts', use("import { startEngine } from '../engine/index';", 'startEngine')],
    ['electron/main/x.ts', use("import { startEngine } from '../engine';", 'startEngine')],
    ['electron/main/x.ts', use("import { App } from '../../renderer/App';", 'App')],
    ['electron/main/x.ts', use("import { startWebHost } from '../cli/web-host';", 'startWebHost')],
    ['electron/main/x.ts', use("import { x } from './y/../../cli/engine-host';")],
    ['electron/main/x.ts', use("import { startDemoServer } from '../demo-feed/server';", 'startDemoServer')],
    ['electron/preload/x.ts', use("import { x } from '../cli/engine-host';")],
    ['electron/preload/x.ts', use("import { startDemoServer } from '../demo-feed/server';", 'startDemoServer')],
    ['electron/main/x.ts', use("import { startHub } from '../hub/hub';", 'startHub')],
    ['electron/preload/x.ts', use("import React from 'react';", 'React')],
  ])('%s may not: %s', async (file, code) => {
    expect(await layerErrors(file, code)).not.toEqual([]);
  });

  it('may import engine, CLI and demo-feed types, and electron/shared', async () => {
    const code = [
      "import type { FeedStatus } from '../engine/api';",
      "import type { ParentPortLike } from '../cli/engine-host';",
      "import type { DemoServer } from '../demo-feed/server';",
      "import { ENGINE_PORT_CHANNEL } from '../shared/bridge';",
      'export type F = [FeedStatus, ParentPortLike, DemoServer];',
      'export const c = ENGINE_PORT_CHANNEL;',
    ].join('\n');
    expect(await errors('electron/main/x.ts', code)).toEqual([]);
  });
});

describe('the CLIs', () => {
  it.each([
    use("import { x } from '../main/security';"),
    use("import { x } from '../../renderer/store';"),
    use("import { app } from 'electron';", 'app'),
  ])('may not: %s', async (code) => {
    expect(await layerErrors('electron/cli/x.ts', code)).not.toEqual([]);
  });
});

describe('electron/hosts: Node code both hosts use', () => {
  const file = 'electron/hosts/x.ts';
  it.each([
    use("import { app } from 'electron';", 'app'),
    use("import React from 'react';", 'React'),
    use("import { x } from '../main/security';"),
    use("import { x } from '../cli/args';"),
    use("import { startEngine } from '../engine/index';", 'startEngine'),
    use("import { x } from '../../renderer/store';"),
    'export const t = document.title;',
  ])('may not: %s', async (code) => {
    expect(await layerErrors(file, code)).not.toEqual([]);
  });

  it('may use Node and electron/shared, and main, the CLIs may use it (the shared code and the renderer may not)', async () => {
    expect(await layerErrors(file, "import { statSync } from 'node:fs';\nimport { parseRange } from '../shared/http-range';\nexport const v = [statSync, parseRange];")).toEqual([]);
    expect(await layerErrors('electron/main/x.ts', use("import { resolveUserBasemap } from '../hosts/user-basemap';", 'resolveUserBasemap'))).toEqual([]);
    expect(await layerErrors('electron/cli/x.ts', use("import { resolveUserBasemap } from '../hosts/user-basemap';", 'resolveUserBasemap'))).toEqual([]);
    expect(await layerErrors('electron/shared/x.ts', use("import { x } from '../hosts/user-basemap';"))).not.toEqual([]);
    expect(await layerErrors('renderer/x.ts', use("import { x } from '../electron/hosts/user-basemap';"))).not.toEqual([]);
  });
});

it('user text is never evaluated as code anywhere', async () => {
  expect(await layerErrors('electron/engine/x.ts', 'export const f = (s: string) => eval(s);')).not.toEqual([]);
  expect(await layerErrors('renderer/x.ts', "export const f = new Function('return 1');")).not.toEqual([]);
});

describe('type-aware rules (on the text of a real file)', () => {
  const file = 'electron/engine/live-state.ts';
  const promiseRules = async (code: string) => (await errors(file, code, typedEslint)).filter((e) => /no-floating-promises|no-misused-promises|await-thenable/.test(e));

  it('reports a floating promise, a promise where a void callback is expected, and await on a non-promise', async () => {
    expect(await promiseRules('export function f(p: Promise<void>): void {\n  p.then(() => 1);\n}')).toEqual([expect.stringContaining('no-floating-promises')]);
    expect(await promiseRules('export function f(run: (cb: () => void) => void): void {\n  run(async () => {});\n}')).toEqual([expect.stringContaining('no-misused-promises')]);
    expect(await promiseRules('export async function f(): Promise<number> {\n  return await 1;\n}')).toEqual([expect.stringContaining('await-thenable')]);
  });

  it('accepts handled promises', async () => {
    expect(await promiseRules('export async function f(p: Promise<void>): Promise<void> {\n  await p;\n  p.catch(() => {});\n}')).toEqual([]);
  });
});
