// @ts-check
import node from '@astrojs/node';
import { defineConfig } from 'astro/config';

export default defineConfig({
  output: 'server',
  adapter: node({ mode: 'middleware' }),
  // `npm start` (scripts/start.ts) sets PORT and HOST; these are the defaults of `astro dev`.
  server: { port: 4321, host: 'localhost' },
  // State changes only by POST, and cross-site form posts are refused: by the middleware
  // (src/lib/web/origin-check.ts, the same rule with RFC 8058's one-click unsubscribe exempt), since
  // Astro's own check cannot exempt a path (decision 031).
  security: { checkOrigin: false },
  vite: {
    // Native and process-managing modules stay outside the server bundle.
    ssr: { external: ['better-sqlite3', 'meilisearch', 'pino', 'pino-pretty'] },
    // Never inline scripts into pages: the Content-Security-Policy allows only script files from this site.
    build: { assetsInlineLimit: 0 },
  },
});
