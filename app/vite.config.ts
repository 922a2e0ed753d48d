// Vite config for the lifecycle app. The examples live outside app/ (content/examples), so the dev server
// may read the repo root; the build is plain static files (base './') that any server can host.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

export default defineConfig({
  base: './',
  plugins: [react()],
  server: { fs: { allow: [repoRoot] } },
  worker: { format: 'es' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Objects must stay files (fetched as bytes), never inlined as data: URLs.
    assetsInlineLimit: (file) => (file.endsWith('.o') ? false : undefined),
    chunkSizeWarningLimit: 4096,
  },
});
