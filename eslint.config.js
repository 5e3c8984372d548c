// Lint, type-aware, and the architecture's layering as rules (see README "Architecture"; tests/lint/layering.test.ts).
import { readFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import tseslint from 'typescript-eslint';

const ROOT = path.dirname(fileURLToPath(import.meta.url));

// ---------------------------------------------------------------------------------------------------------------------
// citydesk/layering: what a layer may import. Relative and absolute paths are resolved against the importing file,
// so every spelling of a path ('../../electron/engine', '.../engine/index', './x/../../electron/engine/api') is judged
// by where it leads. Every import form is checked: import, export … from, import(), require(), import x = require().

const NODE_BUILTINS = new Set(builtinModules);
const SOURCE_EXTENSIONS = /\.(tsx?|mts|cts|mjs|cjs|js|d\.ts)$/;

/** Where an import leads: { node } for a Node builtin, { pkg } for a package, { file } (repository-relative) for code. */
function importTarget(fromFile, source) {
  if (source.startsWith('.') || path.isAbsolute(source)) {
    const abs = path.resolve(path.dirname(fromFile), source);
    return { file: path.relative(ROOT, abs).split(path.sep).join('/').replace(SOURCE_EXTENSIONS, '').replace(/\/index$/, '') };
  }
  if (source.startsWith('node:') || NODE_BUILTINS.has(source) || NODE_BUILTINS.has(source.split('/')[0])) return { node: true };
  const parts = source.split('/');
  return { pkg: source.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0] };
}

/** Does a rule entry ({ node, packages, paths }) cover the target? A path covers itself and everything under it. */
function covers(entry, target) {
  if (target.node) return entry.node === true;
  if (target.pkg) return (entry.packages ?? []).some((p) => p === target.pkg || (p.endsWith('/*') && target.pkg.startsWith(p.slice(0, -1))));
  return (entry.paths ?? []).some((p) => target.file === p || target.file.startsWith(`${p}/`));
}

const layeringRule = {
  meta: {
    type: 'problem',
    docs: { description: 'What a layer may import (resolved paths, all import forms).' },
    schema: [
      {
        type: 'object',
        properties: {
          forbidden: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                node: { type: 'boolean' },
                packages: { type: 'array', items: { type: 'string' } },
                paths: { type: 'array', items: { type: 'string' } },
                allowTypeImports: { type: 'boolean' },
                message: { type: 'string' },
              },
              required: ['message'],
              additionalProperties: false,
            },
          },
        },
        required: ['forbidden'],
        additionalProperties: false,
      },
    ],
    messages: { forbidden: "'{{source}}': {{message}}" },
  },
  create(context) {
    const { forbidden } = context.options[0];
    const check = (node, sourceNode, typeOnly) => {
      if (!sourceNode || typeof sourceNode.value !== 'string') return;
      const target = importTarget(context.filename, sourceNode.value);
      const entry = forbidden.find((e) => covers(e, target) && !(typeOnly && e.allowTypeImports));
      if (entry) context.report({ node, messageId: 'forbidden', data: { source: sourceNode.value, message: entry.message } });
    };
    const allTypes = (specifiers, kind) => specifiers.length > 0 && specifiers.every((s) => s[kind] === 'type');
    return {
      ImportDeclaration: (n) => check(n, n.source, n.importKind === 'type' || allTypes(n.specifiers, 'importKind')),
      ExportNamedDeclaration: (n) => n.source && check(n, n.source, n.exportKind === 'type' || allTypes(n.specifiers, 'exportKind')),
      ExportAllDeclaration: (n) => check(n, n.source, n.exportKind === 'type'),
      ImportExpression: (n) => n.source.type === 'Literal' && check(n, n.source, false),
      TSImportEqualsDeclaration: (n) => n.moduleReference.type === 'TSExternalModuleReference' && check(n, n.moduleReference.expression, n.importKind === 'type'),
      TSImportType: (n) => {
        const arg = n.argument?.type === 'TSLiteralType' ? n.argument.literal : n.argument;
        check(n, arg, true);
      },
      CallExpression: (n) => {
        if (n.callee.type === 'Identifier' && n.callee.name === 'require' && n.arguments[0]?.type === 'Literal') check(n, n.arguments[0], false);
      },
    };
  },
};

// ---------------------------------------------------------------------------------------------------------------------
// The layers and what each may not import.

const L = {
  shared: 'electron/shared',
  engine: 'electron/engine',
  main: 'electron/main',
  preload: 'electron/preload',
  cli: 'electron/cli',
  hosts: 'electron/hosts',
  demoFeed: 'electron/demo-feed',
  hub: 'electron/hub',
  renderer: 'renderer',
};
const UI_LIBRARIES = ['react', 'react-dom', 'zustand', 'maplibre-gl', '@deck.gl/*', 'deck.gl', 'uplot'];
const ui = (who) => ({ packages: UI_LIBRARIES, message: `UI libraries belong to the renderer, not ${who}.` });
const noElectron = (who) => ({ packages: ['electron'], message: `${who} runs without Electron: no electron import.` });
const layering = (...forbidden) => ({ 'citydesk/layering': ['error', { forbidden }] });

/** Globals of the browser that Node does not have: the engine, the hub, the demo feed, the CLIs and main may not use them. */
const BROWSER_ONLY_GLOBALS = ['window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'location', 'history', 'alert', 'requestAnimationFrame'];
/** Node's own globals: the renderer and the shared code may not use them. */
const NODE_GLOBALS = ['process', 'Buffer', 'global', '__dirname', '__filename', 'require', 'module', 'exports', 'setImmediate', 'clearImmediate'];
/** Every global TypeScript's DOM library declares (values and functions): the shared code uses the ECMAScript library only. */
const DOM_GLOBALS = [
  ...new Set(
    [...readFileSync(createRequire(import.meta.url).resolve('typescript/lib/lib.dom.d.ts'), 'utf8').matchAll(/^declare (?:var|function) (\w+)/gm)].map((m) => m[1]),
  ),
];
const restrictedGlobals = (names, message) => ['error', ...names.map((name) => ({ name, message }))];

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'coverage/**', '.cache/**'] },
  ...tseslint.configs.recommended,
  {
    plugins: { citydesk: { rules: { layering: layeringRule } } },
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: ROOT } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      'no-eval': 'error',
      'no-new-func': 'error',
      'no-implied-eval': 'error',
    },
  },
  {
    // Plain JavaScript (this file, build scripts) is in no tsconfig: linted without type information.
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // Tests poke at wire messages whose shape they assert on.
    files: ['tests/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Shared code runs on both sides: the ECMAScript library only. No Node, no DOM, no Electron, no UI, no layer.
    files: [`${L.shared}/**/*.ts`],
    rules: {
      ...layering(
        { node: true, message: 'electron/shared runs on both sides: no Node modules.' },
        noElectron('electron/shared'),
        ui('electron/shared'),
        { paths: [L.engine, L.main, L.preload, L.cli, L.demoFeed, L.hub, L.hosts, L.renderer], message: 'electron/shared imports nothing from the layers that use it.' },
      ),
      'no-restricted-globals': restrictedGlobals([...DOM_GLOBALS, ...NODE_GLOBALS], 'electron/shared runs on both sides: ECMAScript globals only (no DOM, no Node).'),
    },
  },
  {
    // Node code (the engine, the hub, the demo feed, the CLIs, Electron's main process) has no browser.
    files: [L.engine, L.hub, L.demoFeed, L.cli, L.main, L.hosts].map((l) => `${l}/**/*.ts`),
    rules: { 'no-restricted-globals': restrictedGlobals(BROWSER_ONLY_GLOBALS, 'Node code: no browser globals.') },
  },
  {
    // The engine: plain Node. Nothing from Electron, the DOM, React or the other layers; the hosts start the demo feed.
    files: [`${L.engine}/**/*.ts`],
    rules: layering(
      noElectron('The engine'),
      ui('the engine'),
      { paths: [L.main, L.preload, L.renderer], message: 'The engine imports nothing from electron/main, electron/preload or renderer.' },
      { paths: [L.cli, L.demoFeed, L.hub], message: 'The engine never imports the CLIs, the hub or the demo feed: the hosts (electron/cli) start them.' },
    ),
  },
  {
    // The hub: a feed server of its own, in plain Node: sources in, the shared feed protocol out. electron/shared and
    // the demo feed's data (the demo source) only; never the engine, the shell, the CLIs or the renderer.
    files: [`${L.hub}/**/*.ts`],
    rules: layering(
      noElectron('The hub'),
      ui('the hub'),
      { paths: [L.engine, L.main, L.preload, L.cli, L.renderer], message: 'The hub is a feed server: it imports electron/shared, the demo data and Node, not the engine, the shell, the CLIs or the renderer.' },
    ),
  },
  {
    // The demo feed: a hub with the demo source (electron/hub), speaking the shared protocol. Node, the hub and electron/shared.
    files: [`${L.demoFeed}/**/*.ts`],
    rules: layering(
      noElectron('The demo feed'),
      ui('the demo feed'),
      { paths: [L.engine, L.main, L.preload, L.cli, L.renderer], message: 'The demo feed is a feed server: it imports electron/shared and Node, not the engine, the shell, the CLIs or the renderer.' },
    ),
  },
  {
    // Node code both hosts use (the CLIs' web host and Electron's main), e.g. the user's base map: Node and
    // electron/shared only, no Electron, no UI, no other layer.
    files: [`${L.hosts}/**/*.ts`],
    rules: layering(
      noElectron('electron/hosts'),
      ui('electron/hosts'),
      { paths: [L.engine, L.main, L.preload, L.cli, L.demoFeed, L.hub, L.renderer], message: 'electron/hosts is used by the hosts: it imports Node and electron/shared only.' },
    ),
  },
  {
    // The CLIs: hosts over the engine and the demo feed, in Node (or Electron's utility process, without importing Electron).
    files: [`${L.cli}/**/*.ts`],
    rules: layering(
      noElectron('The CLIs'),
      ui('the CLIs'),
      { paths: [L.main, L.preload, L.renderer], message: 'The CLIs import nothing from electron/main, electron/preload or renderer.' },
    ),
  },
  {
    // The renderer: engine types only (every path form), electron/shared at run time (but not zod's protocol.ts), never
    // Node, Electron, the shell, the CLIs or the demo feed.
    files: [`${L.renderer}/**/*.ts`, `${L.renderer}/**/*.tsx`],
    rules: {
      ...layering(
        { node: true, message: 'No Node modules in the renderer.' },
        { packages: ['electron'], message: 'The renderer reaches Electron only through renderer/platform and the preload.' },
        { packages: ['zod'], message: 'zod stays out of the renderer bundle: validation happens in the engine.' },
        { paths: [L.engine], allowTypeImports: true, message: 'The renderer imports engine types only (use `import type`).' },
        { paths: [`${L.shared}/protocol`], allowTypeImports: true, message: 'protocol.ts carries zod: the renderer imports its types only (texts are in electron/shared/labels.ts).' },
        { paths: [L.main, L.preload, L.cli, L.hosts], message: 'The renderer never imports the Electron shell, the CLIs or their Node code.' },
        { paths: [L.demoFeed, L.hub], message: 'The renderer never imports the demo feed or the hub.' },
      ),
      'no-restricted-globals': restrictedGlobals(NODE_GLOBALS, 'No Node globals in the renderer.'),
    },
  },
  {
    // The Electron shell: engine types only (the engine runs in a utility process), never the renderer; the CLIs and
    // the demo feed as types only (main launches the engine host as a separate bundle).
    files: [`${L.main}/**/*.ts`, `${L.preload}/**/*.ts`],
    rules: layering(
      ui('the Electron shell'),
      { paths: [L.engine], allowTypeImports: true, message: 'The shell launches the engine in a utility process; import its types only.' },
      { paths: [L.cli, L.demoFeed, L.hub], allowTypeImports: true, message: 'The shell never runs the CLIs, the hub or the demo feed in its own process; import their types only.' },
      { paths: [L.renderer], message: 'The shell never imports the renderer.' },
    ),
  },
);
