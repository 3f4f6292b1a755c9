// The portal's build (into dist/portal, which the gateway serves) and its dev server, which proxies
// the API and the login routes to the gateway so that the session cookie stays same-origin.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));
const gateway = process.env.PORTAL_DEV_GATEWAY ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root: here,
  base: '/',
  // Not under node_modules (in a worktree that is a shared symlink): the repository's .data/.
  cacheDir: fileURLToPath(new URL('../../.data/vite', import.meta.url)),
  // @vitejs/plugin-react is not used (peer conflict): Vite's own Oxc transform handles JSX.
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: fileURLToPath(new URL('../../dist/portal', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    // React, the router and suomifi-ui-components make the shared chunk; screens load on their own.
    chunkSizeWarningLimit: 800,
    rolldownOptions: {
      // React libraries mark modules "use client" (for server components): meaningless here.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') {
          warn(warning);
        }
      },
    },
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: {
      '/api': { target: gateway, changeOrigin: false },
      '/auth': { target: gateway, changeOrigin: false },
    },
  },
});
