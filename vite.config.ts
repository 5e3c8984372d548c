import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer: one bundle for Electron (loaded over the app:// protocol) and the browser mode (served by the web host).
// Relative base so that the same files work under both hosts. Base-map data is fetched from ./assets/basemap/ at run
// time; both hosts map that path to the repository's (or the packaged app's) assets/basemap folder.
export default defineConfig({
  root: 'renderer',
  base: './',
  publicDir: false,
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    chunkSizeWarningLimit: 4000,
    sourcemap: true,
  },
});
