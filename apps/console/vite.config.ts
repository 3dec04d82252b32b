// The web console's build: React through Vite, into apps/console/dist, which `weft serve` serves
// at /. `npm run build` runs it (and so `npm install`, through prepare).
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = new URL('.', import.meta.url);

export default defineConfig({
  root: here.pathname,
  base: '/',
  plugins: [react()],
  resolve: {
    alias: { '#console-model': new URL('../../libs/console-model/index.ts', here).pathname },
  },
  build: {
    outDir: new URL('dist', here).pathname,
    emptyOutDir: true,
    sourcemap: true,
    // one chunk per library family keeps the console's own code small to re-download
    chunkSizeWarningLimit: 900,
  },
  server: {
    // `npx vite apps/console` during development, against `npm start` on :8080
    proxy: { '/api': 'http://127.0.0.1:8080', '/graphql': 'http://127.0.0.1:8080' },
  },
});
