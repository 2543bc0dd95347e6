import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ala, APP_ID, signed, slash, testKeys } from '../discord/support.ts';
import { freePort, parsePrometheus, ROOT, startBot, status, until } from './support.ts';

/**
 * `npm run build` once, then the bundle run from a directory of its own: no sources, and a
 * node_modules holding only the packages its package.json names (linked from this checkout's),
 * without tsx, esbuild or Prisma's CLI. Node runs with --preserve-symlinks so packages resolve
 * their own dependencies inside that directory, not beside the originals.
 */
const dir = mkdtempSync(path.join(tmpdir(), 'pkes-prod-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The packages `npm install --omit=dev` would install for these dependencies: them and what they need, recursively. */
function runtimeClosure(dependencies: Record<string, string>): Set<string> {
  const needed = new Set<string>();
  const visit = (name: string) => {
    if (needed.has(name)) return;
    const manifest = path.join(ROOT, 'node_modules', name, 'package.json');
    if (!existsSync(manifest)) return;
    needed.add(name);
    const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as {
      dependencies?: Record<string, string>;
      optionalDependencies?: Record<string, string>;
      peerDependencies?: Record<string, string>;
      peerDependenciesMeta?: Record<string, { optional?: boolean }>;
    };
    // npm installs a peer dependency unless it is marked optional.
    const peers = Object.keys(pkg.peerDependencies ?? {}).filter((p) => !pkg.peerDependenciesMeta?.[p]?.optional);
    for (const dep of [...Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies }), ...peers]) visit(dep);
  };
  for (const name of Object.keys(dependencies)) visit(name);
  return needed;
}

describe('the production build', () => {
  it('runs from a directory of its own without tsx, esbuild or the sources', { timeout: 240_000 }, async () => {
    const app = path.join(dir, 'app');
    execFileSync(process.execPath, ['scripts/build.mjs', '--outdir', app], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    const pkg = JSON.parse(readFileSync(path.join(app, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; scripts: Record<string, string> };
    for (const tool of ['tsx', 'esbuild', 'prisma', 'typescript', 'vitest']) expect(pkg.dependencies).not.toHaveProperty(tool);

    const needed = runtimeClosure(pkg.dependencies);
    for (const name of needed) {
      const target = path.join(app, 'node_modules', name);
      mkdirSync(path.dirname(target), { recursive: true });
      symlinkSync(path.join(ROOT, 'node_modules', name), target, 'dir');
    }
    expect(existsSync(path.join(app, 'node_modules', '.bin', 'tsx'))).toBe(false);
    expect(existsSync(path.join(app, 'node_modules', 'tsx'))).toBe(false);
    expect(existsSync(path.join(app, 'node_modules', 'esbuild'))).toBe(false);
    expect(existsSync(path.join(app, 'src'))).toBe(false);
    expect(readdirSync(app).filter((f) => f.endsWith('.ts'))).toEqual([]);

    const node = ['--preserve-symlinks'];
    const env = { PATH: process.env.PATH, HOME: process.env.HOME };
    const dbFile = path.join(dir, 'prod.db');

    // Migrations from the bundle's own prisma/ folder, through the WebAssembly schema engine.
    const migrate = spawnSync(process.execPath, [...node, 'db-migrate.js'], { cwd: app, env: { ...env, DATABASE_URL: `file:${dbFile}` }, encoding: 'utf8' });
    expect(migrate.stderr).toBe('');
    expect(migrate.stdout).toMatch(/^Applied: \d{14}_/);

    // The bot itself, as `npm start` there runs it: Discord HTTP mode with metrics.
    const startScript = pkg.scripts.start!.split(/\s+/);
    expect(startScript[0]).toBe('node');
    expect(startScript.at(-1)).toBe('main.js');
    const keys = testKeys();
    const port = await freePort();
    const bot = startBot(
      { DATABASE_URL: `file:${dbFile}`, DISCORD_PUBLIC_KEY: keys.publicHex, DISCORD_APPLICATION_ID: APP_ID, DISCORD_HTTP_PORT: String(port), METRICS_ENABLED: 'true' },
      { command: [...node, ...startScript.slice(1)], cwd: app },
    );
    try {
      const url = `http://127.0.0.1:${port}`;
      await until(async () => (await status(`${url}/readyz`)) === 200, 'the production bundle ready', bot);
      const body = JSON.stringify(slash(ala, 'about'));
      const res = await fetch(url, { method: 'POST', body, headers: signed(keys.privateKey, body, new Date()) });
      expect(((await res.json()) as { type: number; data: { embeds?: unknown[]; content?: string } }).type).toBe(4);
      const metrics = parsePrometheus(await (await fetch(`${url}/metrics`)).text());
      expect(metrics.samples.some((s) => s.name === 'pkes_interactions_total' && s.labels.command === 'about')).toBe(true);
      bot.proc.kill('SIGTERM');
      expect((await bot.exited).code).toBe(0);
      expect(bot.logs.filter((l) => Number(l.level) >= 50)).toEqual([]);
    } finally {
      if (bot.proc.exitCode === null) bot.proc.kill('SIGKILL');
    }

    // The charting libraries are loaded by import() on the first chart, from the shipped directory:
    // they and the fonts must resolve there, as the renderer resolves them (src/services/charts/render.ts).
    const charts = spawnSync(
      process.execPath,
      [
        ...node,
        '--input-type=module',
        '-e',
        "import { createRequire } from 'node:module'; const r = createRequire(process.cwd() + '/main.js'); const dir = r.resolve('dejavu-fonts-ttf/package.json'); await Promise.all([import('vega'), import('vega-lite'), import('@resvg/resvg-js')]); console.log(dir.startsWith(process.cwd()) ? 'charts ok' : 'outside ' + dir);",
      ],
      { cwd: app, env, encoding: 'utf8' },
    );
    expect(charts.stderr).toBe('');
    expect(charts.stdout.trim()).toBe('charts ok');
    expect(readFileSync(path.join(app, 'main.js'), 'utf8')).toMatch(/import\("vega"\)/);

    // And the backup tool.
    const backup = spawnSync(process.execPath, [...node, 'db-backup.js', path.join(dir, 'prod-backup.db')], { cwd: app, env: { ...env, DATABASE_URL: `file:${dbFile}` }, encoding: 'utf8' });
    expect(backup.stderr).toBe('');
    expect(backup.stdout).toMatch(/integrity check ok/);
  });
});
