import { timingSafeEqual } from 'node:crypto';
import type { HttpRoutes } from '../core/http-routes.ts';
import { sendJson, type Health } from './health.ts';
import type { Metrics } from './metrics.ts';

/**
 * GET /healthz: the process is alive and its event loop turns. GET /readyz: 200 when it should
 * receive traffic, 503 (with what is wrong) when not. GET /metrics: Prometheus text, when on.
 */
export function registerOpsRoutes(routes: HttpRoutes, health: Health, metrics?: Metrics, metricsToken?: string): void {
  routes.get('/healthz', (_req, res) => sendJson(res, 200, { status: 'ok' }));
  routes.get('/readyz', async (_req, res) => {
    const r = await health.readiness();
    sendJson(res, r.ready ? 200 : 503, { status: r.ready ? 'ready' : 'not ready', ...r });
  });
  if (!metrics) return;
  routes.get('/metrics', async (req, res) => {
    if (metricsToken && !bearerMatches(req.headers.authorization, metricsToken)) {
      res.writeHead(401, { 'www-authenticate': 'Bearer' });
      res.end();
      return;
    }
    const text = await metrics.render();
    res.writeHead(200, { 'content-type': metrics.contentType, 'cache-control': 'no-store' });
    res.end(text);
  });
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(/^Bearer (.+)$/.exec(header ?? '')?.[1] ?? '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
