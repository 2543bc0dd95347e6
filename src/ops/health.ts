import type { ServerResponse } from 'node:http';
import type { Database } from '../db/index.ts';

/** A readiness probe that takes longer than this counts as a database that does not answer. */
export const READINESS_TIMEOUT_MS = 2_000;

export interface PlatformStatus {
  name: string;
  /** Connected (gateway, Socket Mode) or serving (HTTP endpoint, console). */
  ready(): boolean | Promise<boolean>;
}

export interface Readiness {
  ready: boolean;
  database: 'ok' | 'unreachable';
  migrations: 'ok' | 'pending' | 'unknown';
  platforms: Record<string, 'ok' | 'down'>;
  shuttingDown: boolean;
}

/**
 * Liveness and readiness of this process. Ready means: the database answers, every migration
 * this code expects is applied, every platform adapter is connected or serving, and the process
 * is not shutting down (a load balancer then drains it before it stops accepting).
 */
export class Health {
  shuttingDown = false;
  private platforms: PlatformStatus[] | undefined;

  constructor(private readonly db: Database) {}

  /** Called once the adapters have started; until then the process is not ready. */
  setPlatforms(platforms: PlatformStatus[]): void {
    this.platforms = platforms;
  }

  async readiness(): Promise<Readiness> {
    let database: Readiness['database'] = 'ok';
    let migrations: Readiness['migrations'] = 'ok';
    try {
      const pending = await withTimeout(this.db.pendingMigrations(), READINESS_TIMEOUT_MS);
      if (pending.length) migrations = 'pending';
    } catch {
      database = 'unreachable';
      migrations = 'unknown';
    }
    const platforms: Readiness['platforms'] = {};
    for (const p of this.platforms ?? []) {
      platforms[p.name] = (await Promise.resolve(p.ready()).catch(() => false)) ? 'ok' : 'down';
    }
    const ready =
      !this.shuttingDown && database === 'ok' && migrations === 'ok' && this.platforms !== undefined && Object.values(platforms).every((s) => s === 'ok');
    return { ready, database, migrations, platforms, shuttingDown: this.shuttingDown };
  }
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timed out')), ms)));
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(text);
}
