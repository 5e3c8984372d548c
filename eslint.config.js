// Lint, and the architecture's layering as rules (see README "Architecture").
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = ['fs', 'path', 'os', 'child_process', 'net', 'http', 'https', 'zlib', 'worker_threads', 'crypto', 'stream', 'url', 'util', 'events'];

/** Patterns shared by several layers. */
const uiLibraries = [
  { group: ['react', 'react/*', 'react-dom', 'react-dom/*', 'zustand', 'zustand/*', 'maplibre-gl', 'maplibre-gl/*', '@deck.gl/*', 'deck.gl', 'uplot'], message: 'UI libraries belong to the renderer.' },
];

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'coverage/**'] },
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: false } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-eval': 'error',
      'no-new-func': 'error',
      'no-implied-eval': 'error',
    },
  },
  {
    // Tests poke at wire messages whose shape they assert on.
    files: ['tests/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The engine: plain Node. Nothing from Electron, the DOM, React or the other layers.
    files: ['electron/engine/**/*.ts', 'electron/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'The engine runs in plain Node: no Electron imports.' }],
        patterns: [
          ...uiLibraries,
          { group: ['**/main/**', '**/main', '**/preload/**', '**/preload', '**/renderer/**', '**/renderer'], message: 'The engine imports nothing from electron/main, electron/preload or renderer.' },
        ],
      }],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage'],
    },
  },
  {
    // The renderer: engine types only, never Node or Electron.
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'The renderer reaches Electron only through renderer/platform and the preload.' }, ...NODE_BUILTINS.map((name) => ({ name, message: 'No Node modules in the renderer.' }))],
        patterns: [
          { group: ['node:*'], message: 'No Node modules in the renderer.' },
          { group: ['**/electron/engine/**', '**/engine/**'], allowTypeImports: true, message: 'The renderer imports engine types only (use `import type`).' },
          { group: ['**/electron/main/**', '**/electron/preload/**', '**/electron/cli/**'], message: 'The renderer never imports the Electron shell.' },
        ],
      }],
    },
  },
  {
    // The Electron shell: engine types only (the engine runs in a utility process), never the renderer.
    files: ['electron/main/**/*.ts', 'electron/preload/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [
          ...uiLibraries,
          { group: ['**/engine/**', '**/engine'], allowTypeImports: true, message: 'The shell launches the engine in a utility process; import its types only.' },
          { group: ['**/renderer/**', '**/renderer'], message: 'The shell never imports the renderer.' },
        ],
      }],
    },
  },
);
