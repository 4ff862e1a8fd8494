import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

// The Go server listens here in development (LECTERN_ADDR's default).
const apiOrigin = 'http://127.0.0.1:8080';

/**
 * web/embed.go embeds web/dist, and go:embed refuses a missing or empty directory,
 * so git tracks an empty web/dist/.keep. emptyOutDir deletes it on every build;
 * this puts it back, so a build never shows up as a deletion in `git status`.
 */
function keepDistDir(): Plugin {
  return {
    name: 'lectern-keep-dist',
    apply: 'build',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: '.keep', source: '' });
    },
  };
}

/** npm packages (with their dependencies) that stay out of the shared vendor chunk. */
const pageOnly = /[\\/]node_modules[\\/](hls\.js|tus-js-client|js-base64|url-parse|querystringify|requires-port|combine-errors|custom-error-instance|lodash\.[a-z]+|buffer-from|is-stream|proper-lockfile)[\\/]/;

export default defineConfig({
  plugins: [react(), keepDistDir()],
  resolve: {
    // `@/lib/...` → `src/lib/...`, from tsconfig.json's "paths".
    tsconfigPaths: true,
  },
  server: {
    proxy: {
      '/api': apiOrigin,
      '/media': apiOrigin,
      '/healthz': apiOrigin,
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The Go server sends a CSP without 'unsafe-inline'; the polyfill would be
    // the only thing Vite might inline, and every browser we target has modulepreload.
    modulePreload: { polyfill: false },
    // hls.js is one ~580 kB chunk (180 kB gzipped) that only the player loads.
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      output: {
        // React, the router and React Query change far less often than our code:
        // one vendor chunk stays cached across deploys. Libraries only some pages
        // need (hls.js for the player, tus-js-client for the course editor) are
        // left out, so they load with those pages instead of on every first visit.
        codeSplitting: {
          groups: [{ name: 'vendor', test: (id: string) => /[\\/]node_modules[\\/]/.test(id) && !pageOnly.test(id) }],
        },
      },
    },
  },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts'],
  },
});
