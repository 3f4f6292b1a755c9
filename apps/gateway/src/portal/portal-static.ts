// The built portal on `/`: hashed assets cached for a year, everything else revalidated, and the
// SPA fallback (index.html for a page the browser asks for) that leaves the API's prefixes alone.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';

/** Paths that belong to the gateway itself and keep their JSON answers (404s included). */
const GATEWAY_PATHS = /^\/(api|auth|health|metrics)(\/|$)/;

const NOT_BUILT_PAGE = `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>MONI: the portal is not built</title></head>
<body>
<main>
<h1>The portal is not built</h1>
<p>The gateway and its API are running, but the web portal has not been built yet.
Run <code>npm run build</code> (or <code>npm start</code>, which builds it) and reload this page.</p>
<p>The API is documented at <a href="/api/docs">/api/docs</a>.</p>
</main>
</body>
</html>
`;

const wantsPage = (req: Request): boolean =>
  (req.method === 'GET' || req.method === 'HEAD') && (req.headers.accept ?? '').includes('text/html');

export function portalStatic(portalDir: string): Router {
  const dir = resolve(portalDir);
  const index = join(dir, 'index.html');
  const router = express.Router();

  // Vite names assets by content hash: a new build has new names, so they never need revalidating.
  router.use(
    '/assets',
    express.static(join(dir, 'assets'), { index: false, immutable: true, maxAge: '365d' }),
    (_req: Request, res: Response) => {
      res.status(404).type('text').send('Not found');
    },
  );
  router.use(
    express.static(dir, {
      index: false,
      // Unhashed files at the root (favicon, robots.txt): always revalidated.
      setHeaders: (res) => res.setHeader('Cache-Control', 'no-cache'),
    }),
  );
  router.use((req: Request, res: Response, next: NextFunction) => {
    if (GATEWAY_PATHS.test(req.path) || !(req.path === '/' || wantsPage(req))) {
      next();
      return;
    }
    // Checked on every page request: `npm run build` may finish after the gateway started.
    if (!existsSync(index)) {
      res.status(503).type('html').setHeader('Cache-Control', 'no-store').send(NOT_BUILT_PAGE);
      return;
    }
    // index.html names the current assets: the browser must ask every time.
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return router;
}
