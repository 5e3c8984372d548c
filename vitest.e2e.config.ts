import { defineConfig } from 'vitest/config';

// End-to-end tests: real Chromium (Debian's /usr/bin/chromium, or CHROMIUM_PATH) driven by playwright-core against
// `npm run web`'s host. Software WebGL is slow: generous timeouts, one file at a time.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    environment: 'node',
    testTimeout: 180_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    pool: 'forks',
  },
});
