/**
 * The layering is a lint rule, not goodwill: these cases run the project's real ESLint config on code placed in each
 * layer and expect the violations to be reported (and the allowed imports not to be).
 */
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const eslint = new ESLint({ cwd: root });

async function errors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, file) });
  return (result?.messages ?? []).filter((m) => m.severity === 2).map((m) => `${m.ruleId}: ${m.message}`);
}

/** Only the rules that carry the architecture, so that an unrelated error cannot make a case pass. */
async function layerErrors(file: string, code: string): Promise<string[]> {
  return (await errors(file, code)).filter((e) => /no-restricted-(imports|globals)|no-eval|no-new-func/.test(e));
}

describe('layering rules', () => {
  it.each([
    ["import { app } from 'electron';\nexport const a = app;"],
    ["import React from 'react';\nexport const r = React;"],
    ["import { Deck } from '@deck.gl/core';\nexport const d = Deck;"],
    ["import { x } from '../main/security';\nexport const y = x;"],
    ["import { y } from '../../renderer/store';\nexport const z = y;"],
    ["export const w = window.innerWidth;"],
  ])('the engine may not: %s', async (code) => {
    expect(await layerErrors('electron/engine/feed/x.ts', code)).not.toEqual([]);
  });

  it('the engine may use Node and its own modules', async () => {
    expect(await errors('electron/engine/feed/x.ts', "import { readFileSync } from 'node:fs';\nimport { PROTOCOL_VERSION } from './protocol';\nexport const v = [readFileSync, PROTOCOL_VERSION];")).toEqual([]);
  });

  it.each([
    ["import { startEngine } from '../../electron/engine/index';\nexport const s = startEngine;"],
    ["import { readFileSync } from 'node:fs';\nexport const r = readFileSync;"],
    ["import { ipcRenderer } from 'electron';\nexport const i = ipcRenderer;"],
    ["import { x } from '../../electron/main/security';\nexport const y = x;"],
  ])('the renderer may not: %s', async (code) => {
    expect(await layerErrors('renderer/map/x.ts', code)).not.toEqual([]);
  });

  it('the renderer may import engine types', async () => {
    expect(await errors('renderer/map/x.ts', "import type { Sensor } from '../../electron/engine/model';\nexport type S = Sensor;")).toEqual([]);
  });

  it('the shell may not run engine code in the main process, nor import the renderer', async () => {
    expect(await layerErrors('electron/main/x.ts', "import { startEngine } from '../engine/index';\nexport const s = startEngine;")).not.toEqual([]);
    expect(await layerErrors('electron/main/x.ts', "import { App } from '../../renderer/App';\nexport const a = App;")).not.toEqual([]);
    expect(await errors('electron/main/x.ts', "import type { FeedStatus } from '../engine/api';\nexport type F = FeedStatus;")).toEqual([]);
  });

  it('user text is never evaluated as code anywhere', async () => {
    expect(await layerErrors('electron/engine/x.ts', 'export const f = (s: string) => eval(s);')).not.toEqual([]);
    expect(await layerErrors('renderer/x.ts', "export const f = new Function('return 1');")).not.toEqual([]);
  });
});
