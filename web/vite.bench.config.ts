import { fileURLToPath, URL } from 'node:url';
import { defineConfig } from 'vite';

// Builds the map frame-rate benchmark page (fps-bench.html) on its own, into
// dist-bench/, so bench/map-fps.bench.mjs can serve it without the app or a stack.
export default defineConfig({
  resolve: {
    alias: { '@urban-brain/proto': fileURLToPath(new URL('../proto/src/index.ts', import.meta.url)) },
  },
  build: {
    target: 'es2022',
    outDir: 'dist-bench',
    emptyOutDir: true,
    chunkSizeWarningLimit: 3000,
    rollupOptions: { input: { 'fps-bench': fileURLToPath(new URL('./fps-bench.html', import.meta.url)) } },
  },
});
