import { fileURLToPath, URL } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig, type ProxyOptions } from 'vite';

const apiPort = process.env.API_PORT || '3000';
const realtimePort = process.env.REALTIME_PORT || '3001';
// Hosts differ only under compose, where each service is its own container.
const apiHost = process.env.API_HOST || '127.0.0.1';
const realtimeHost = process.env.REALTIME_HOST || '127.0.0.1';
const webPort = Number(process.env.WEB_PORT || 5173);

// The page talks to one origin; the web server forwards the api and the socket.
// Same table for `vite` (dev) and `vite preview` (the built app).
const proxy: Record<string, ProxyOptions> = {
  // xfwd: the api's audit log records the browser's address, not the web server's.
  '/api': { target: `http://${apiHost}:${apiPort}`, changeOrigin: true, xfwd: true },
  '/socket.io': { target: `http://${realtimeHost}:${realtimePort}`, changeOrigin: true, ws: true },
};

export default defineConfig({
  plugins: [vue()],
  resolve: {
    alias: { '@urban-brain/proto': fileURLToPath(new URL('../proto/src/index.ts', import.meta.url)) },
  },
  server: { host: '127.0.0.1', port: webPort, strictPort: true, proxy },
  preview: { host: '127.0.0.1', port: webPort, strictPort: true, proxy },
  build: {
    target: 'es2022',
    // maplibre-gl alone is ~800 kB minified, deck.gl (with luma.gl) about as much;
    // each is one cacheable chunk that changes only when the library does.
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      output: {
        manualChunks: {
          maplibre: ['maplibre-gl'],
          deck: ['@deck.gl/core', '@deck.gl/layers', '@deck.gl/mapbox'],
        },
      },
    },
  },
});
