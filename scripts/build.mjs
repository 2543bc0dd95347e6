// Bundles the bot's own code (commands, services, adapters, locales, the generated Prisma client)
// into dist/ with esbuild, leaving npm packages external. Takes about a second, so `npm start` runs
// it every time: the bot never runs stale code, and it runs without a TypeScript loader in memory.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints: { main: 'src/main.ts', 'db-migrate': 'src/db/migrate-cli.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
});
