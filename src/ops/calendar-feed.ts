import { createHash } from 'node:crypto';
import type { HttpRoutes } from '../core/http-routes.ts';
import type { CalendarService } from '../services/calendar.ts';
import { ICS_TYPE } from '../services/calendar.ts';

/**
 * GET /calendar/<token>.ics: a person's meetings as a subscribed calendar. An unknown or revoked
 * token gets the same 404 as a wrong path (nothing tells a guess it was close). Calendars poll
 * often: an unchanged feed answers 304 to its ETag or Last-Modified, and nobody caches it on the
 * way (the URL is a secret).
 */
export function registerCalendarRoutes(routes: HttpRoutes, calendar: CalendarService): void {
  routes.get('/calendar/*', async (req, res, url) => {
    const token = /^\/calendar\/([^/]+)\.ics$/.exec(url.pathname)?.[1];
    const feed = token ? await calendar.feed(token) : undefined;
    if (!feed) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
      res.end('not found');
      return;
    }
    const etag = `"${createHash('sha256').update(feed.body).digest('base64url').slice(0, 27)}"`;
    // HTTP dates have whole seconds; a change within the second still changes the ETag.
    const lastModified = new Date(Math.floor(feed.lastModified.getTime() / 1000) * 1000);
    const headers = {
      etag,
      'last-modified': lastModified.toUTCString(),
      'cache-control': 'private, max-age=300, must-revalidate',
      'content-type': ICS_TYPE,
      'content-disposition': 'inline; filename="calendar.ics"',
    };
    const match = req.headers['if-none-match'];
    const since = req.headers['if-modified-since'];
    const notModified = match !== undefined ? match.split(',').some((t) => t.trim() === etag) : since !== undefined && Date.parse(since) >= lastModified.getTime();
    if (notModified) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    res.writeHead(200, { ...headers, 'content-length': Buffer.byteLength(feed.body) });
    res.end(req.method === 'HEAD' ? undefined : feed.body);
  });
}
