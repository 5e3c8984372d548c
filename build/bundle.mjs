// Bundles the Electron side (after `vite build` has built the renderer into dist/renderer):
//   electron/main/main.ts        -> dist/electron/main/main.cjs         (main process)
//   electron/preload/preload.ts  -> dist/electron/preload/preload.cjs   (sandboxed preload: may require only 'electron')
//   electron/cli/engine-host.ts  -> dist/electron/engine-host.cjs       (utility process: the whole engine, bundled)
//   electron/engine/rules/backtest-worker.ts -> dist/electron/backtest-worker.cjs (backtest worker thread, beside it)
// With --cli, the command-line entry points instead (CLI_ENTRIES below), for plain Node:
//   electron/cli/<name>.ts       -> dist/cli/<name>.cjs                 (npm run web|feed|hub|record|export run these)
// CommonJS because package.json says "type": "module" and Electron loads main/preload/utility entries most reliably
// as .cjs. After building, each bundle's run-time imports are checked against an allow-list, so that e.g. a stray
// Node import in the preload (which a sandboxed preload cannot load) fails the build instead of the app.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const watch = process.argv.includes('--watch');
const dev = process.argv.includes('--dev');
const cli = process.argv.includes('--cli');
// --out <dir>: write the bundles under <dir> instead of dist/electron (dist/cli with --cli; tests build into a
// temporary folder).
const outIndex = process.argv.indexOf('--out');
const outDir = outIndex > 0 && process.argv[outIndex + 1] ? path.resolve(process.argv[outIndex + 1]) : path.join(root, 'dist', cli ? 'cli' : 'electron');

// The command-line entry points (electron/cli/<name>.ts with a runCli main). A new CLI is added here;
// tests/electron/bundle.test.ts fails while one is missing.
const CLI_ENTRIES = ['web', 'feed', 'record', 'export', 'incident', 'passphrase', 'basemap', 'publish-mqtt', 'hub'];
// The engine's backtest worker, written beside every bundle that holds the engine (engine-host, web, record).
const BACKTEST_WORKER = 'electron/engine/rules/backtest-worker.ts';

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

const nodeTarget = (name, entryPoints, outfile, target) => ({
  name,
  options: {
    ...common,
    ...importMetaShim,
    define: { ...common.define, ...importMetaShim.define },
    entryPoints,
    outfile,
    platform: 'node',
    target,
    // better-sqlite3 is a native addon: it stays a real package (electron-builder packs it as the app's one
    // production dependency and rebuilds it for Electron's ABI; the CLIs load it from node_modules).
    external: ['electron', 'better-sqlite3', ...optionalNative],
  },
  allowed: (m) => builtins.has(m) || optionalNative.includes(m) || m === 'better-sqlite3',
});

const electronTargets = [
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
  nodeTarget('engine-host', ['electron/cli/engine-host.ts'], path.join(outDir, 'engine-host.cjs'), 'node22'),
  // The backtest worker thread (electron/engine/rules/backtest-runner.ts starts it from beside the engine's bundle).
  nodeTarget('backtest-worker', [BACKTEST_WORKER], path.join(outDir, 'backtest-worker.cjs'), 'node22'),
];

// The CLIs run on the user's Node (package.json engines: >= 20), unminified for readable stack traces (run with
// --enable-source-maps), built in parallel and written atomically (temporary file, then rename), so that a
// CLI starting while another `npm run` rebuilds never loads a half-written bundle.
const cliTargets = [...CLI_ENTRIES.map((name) => [`cli ${name}`, `electron/cli/${name}.ts`, `${name}.cjs`]), ['backtest-worker', BACKTEST_WORKER, 'backtest-worker.cjs']].map(([name, entry, file]) => {
  const t = nodeTarget(name, [entry], path.join(outDir, file), 'node20');
  return { ...t, options: { ...t.options, minify: false, legalComments: 'none', write: false } };
});

const targets = cli ? cliTargets : electronTargets;

/** Writes esbuild's in-memory output files, each through a temporary file and a rename. */
function writeAtomically(outputFiles) {
  for (const f of outputFiles) {
    mkdirSync(path.dirname(f.path), { recursive: true });
    const tmp = `${f.path}.${process.pid}.tmp`;
    writeFileSync(tmp, f.contents);
    renameSync(tmp, f.path);
  }
}

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
  console.log(`bundle: watching ${targets.map((t) => t.options.entryPoints.join(', ')).join(', ')}`);
} else {
  let failed = false;
  const results = await Promise.all(targets.map((t) => build(t.options)));
  for (const [i, t] of targets.entries()) {
    const result = results[i];
    if (result.outputFiles) writeAtomically(result.outputFiles);
    const bad = externalImports(result.metafile).filter((m) => !t.allowed(m));
    if (bad.length) {
      failed = true;
      console.error(`bundle: ${t.name} would require ${bad.join(', ')} at run time, which it must not`);
    }
    const size = Object.entries(result.metafile.outputs).find(([f]) => f.endsWith('.cjs'))?.[1]?.bytes ?? 0;
    // The CLIs build on every `npm run` of theirs, whose stdout may be the command's output (export): quiet there.
    if (!cli) console.log(`bundle: ${path.relative(root, t.options.outfile)} (${(size / 1024).toFixed(0)} KiB)`);
  }
  if (failed) process.exit(1);
}
