// Bundles the Electron side (after `vite build` has built the renderer into dist/renderer):
//   electron/main/main.ts        -> dist/electron/main/main.cjs         (main process)
//   electron/preload/preload.ts  -> dist/electron/preload/preload.cjs   (sandboxed preload: may require only 'electron')
//   electron/cli/engine-host.ts  -> dist/electron/engine-host.cjs       (utility process: the whole engine, bundled)
//   electron/engine/rules/backtest-worker.ts -> dist/electron/backtest-worker.cjs (backtest worker thread, beside it)
// CommonJS because package.json says "type": "module" and Electron loads main/preload/utility entries most reliably
// as .cjs. After building, each bundle's run-time imports are checked against an allow-list, so that e.g. a stray
// Node import in the preload (which a sandboxed preload cannot load) fails the build instead of the app.
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const watch = process.argv.includes('--watch');
const dev = process.argv.includes('--dev');
// --out <dir>: write the bundles under <dir> instead of dist/electron (tests build into a temporary folder).
const outIndex = process.argv.indexOf('--out');
const outDir = outIndex > 0 && process.argv[outIndex + 1] ? path.resolve(process.argv[outIndex + 1]) : path.join(root, 'dist', 'electron');

const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
// ws (socket.io's transport) optionally loads these native speed-ups inside try/catch; they are not installed.
const optionalNative = ['bufferutil', 'utf-8-validate'];

// Engine code is ESM and may use import.meta.url; in a CJS bundle that would be undefined.
const importMetaShim = {
  banner: { js: "const __import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
  define: { 'import.meta.url': '__import_meta_url' },
};

const common = {
  absWorkingDir: root,
  bundle: true,
  format: 'cjs',
  sourcemap: 'linked',
  minify: !dev,
  keepNames: true,
  legalComments: 'linked',
  logLevel: 'warning',
  metafile: true,
  define: { __CITYDESK_VERSION__: JSON.stringify(pkg.version), 'process.env.NODE_ENV': JSON.stringify(dev ? 'development' : 'production') },
};

const targets = [
  {
    name: 'main',
    options: {
      ...common,
      ...importMetaShim,
      define: { ...common.define, ...importMetaShim.define },
      entryPoints: ['electron/main/main.ts'],
      outfile: path.join(outDir, 'main', 'main.cjs'),
      platform: 'node',
      target: 'node22',
      external: ['electron'],
    },
    allowed: (m) => m === 'electron' || builtins.has(m),
  },
  {
    name: 'preload',
    options: {
      ...common,
      entryPoints: ['electron/preload/preload.ts'],
      outfile: path.join(outDir, 'preload', 'preload.cjs'),
      platform: 'node',
      target: 'chrome140',
      external: ['electron'],
    },
    allowed: (m) => m === 'electron',
  },
  {
    name: 'engine-host',
    options: {
      ...common,
      ...importMetaShim,
      define: { ...common.define, ...importMetaShim.define },
      entryPoints: ['electron/cli/engine-host.ts'],
      outfile: path.join(outDir, 'engine-host.cjs'),
      platform: 'node',
      target: 'node22',
      // better-sqlite3 is a native addon: it stays a real package (electron-builder packs it as the app's one
      // production dependency and rebuilds it for Electron's ABI).
      external: ['electron', 'better-sqlite3', ...optionalNative],
    },
    allowed: (m) => builtins.has(m) || optionalNative.includes(m) || m === 'better-sqlite3',
  },
  {
    // The backtest worker thread (electron/engine/rules/backtest-runner.ts starts it from beside engine-host.cjs).
    name: 'backtest-worker',
    options: {
      ...common,
      ...importMetaShim,
      define: { ...common.define, ...importMetaShim.define },
      entryPoints: ['electron/engine/rules/backtest-worker.ts'],
      outfile: path.join(outDir, 'backtest-worker.cjs'),
      platform: 'node',
      target: 'node22',
      external: ['electron', 'better-sqlite3', ...optionalNative],
    },
    allowed: (m) => builtins.has(m) || m === 'better-sqlite3',
  },
];

/** Run-time imports esbuild left in the bundle (externals and builtins). */
function externalImports(metafile) {
  const found = new Set();
  for (const out of Object.values(metafile.outputs)) for (const imp of out.imports ?? []) if (imp.external) found.add(imp.path);
  return [...found].sort();
}

if (watch) {
  const { context } = await import('esbuild');
  for (const t of targets) {
    const ctx = await context(t.options);
    await ctx.watch();
  }
  console.log('bundle: watching electron/main, electron/preload, electron/cli/engine-host.ts, the backtest worker');
} else {
  let failed = false;
  for (const t of targets) {
    const result = await build(t.options);
    const bad = externalImports(result.metafile).filter((m) => !t.allowed(m));
    if (bad.length) {
      failed = true;
      console.error(`bundle: ${t.name} would require ${bad.join(', ')} at run time, which it must not`);
    }
    const size = Object.entries(result.metafile.outputs).find(([f]) => f.endsWith('.cjs'))?.[1]?.bytes ?? 0;
    console.log(`bundle: ${path.relative(root, t.options.outfile)} (${(size / 1024).toFixed(0)} KiB)`);
  }
  if (failed) process.exit(1);
}
