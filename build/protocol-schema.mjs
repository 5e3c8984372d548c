#!/usr/bin/env node
/**
 * Writes electron/shared/protocol.schema.json, the JSON Schema of every feed protocol message, from the zod schemas
 * (electron/shared/protocol-json-schema.ts). Run after changing a message: `node build/protocol-schema.mjs`
 * (`--check` exits 1 when the committed file is not up to date, without writing). tests/engine/protocol.test.ts
 * fails when the committed file differs from what this writes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const file = join(root, 'electron/shared/protocol.schema.json');
const { protocolJsonSchemaText } = await tsImport('../electron/shared/protocol-json-schema.ts', import.meta.url);
const text = protocolJsonSchemaText();
if (process.argv.includes('--check')) {
  let have = '';
  try {
    have = readFileSync(file, 'utf8');
  } catch {
    // missing: not up to date
  }
  if (have !== text) {
    console.error(`${file} is not up to date: run node build/protocol-schema.mjs`);
    process.exit(1);
  }
  console.log(`${file} is up to date`);
} else {
  writeFileSync(file, text);
  console.log(`wrote ${file}`);
}
