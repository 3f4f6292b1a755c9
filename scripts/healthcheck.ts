// Container health check without curl or wget: exits 0 when the URL answers 200 within 3 s.
// Used by docker-compose.yml: node dist/scripts/healthcheck.js http://127.0.0.1:3101/health/ready
const url = process.argv[2];
if (!url) {
  process.stderr.write('usage: node dist/scripts/healthcheck.js <url>\n');
  process.exit(2);
}
try {
  const response = await fetch(url, { signal: AbortSignal.timeout(3000) });
  process.exit(response.status === 200 ? 0 : 1);
} catch {
  process.exit(1);
}
