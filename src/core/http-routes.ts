import type { IncomingMessage, ServerResponse } from 'node:http';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => void | Promise<void>;

interface Route {
  method: string;
  path: string;
  /** `/calendar/*` matches every path under /calendar/. */
  prefix: boolean;
  handler: RouteHandler;
}

/**
 * The bot's own HTTP routes (health, readiness, metrics, and feeds such as a meeting calendar).
 * Whichever server the bot runs serves them: the Discord or Slack interactions endpoint in HTTP
 * mode, or a port of its own otherwise. Features register here; servers only ask `handle`.
 */
export class HttpRoutes {
  private readonly routes: Route[] = [];

  get(path: string, handler: RouteHandler): this {
    return this.add('GET', path, handler);
  }

  add(method: string, path: string, handler: RouteHandler): this {
    const prefix = path.endsWith('/*');
    this.routes.push({ method: method.toUpperCase(), path: prefix ? path.slice(0, -1) : path, prefix, handler });
    return this;
  }

  /** Answers the request when a route matches (HEAD as GET); false leaves it to the server. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET');
    const route = this.routes.find((r) => r.method === method && (r.prefix ? url.pathname.startsWith(r.path) : url.pathname === r.path));
    if (!route) return false;
    try {
      await route.handler(req, res, url);
    } catch {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end();
    }
    return true;
  }
}
