// Bundles the bot's own code (commands, services, adapters, locales, the generated Prisma client)
// into dist/ with esbuild, leaving npm packages external. Takes about a second, so `npm start` runs
// it every time: the bot never runs stale code, and it runs without a TypeScript loader in memory.
//
// dist/ is also the production artefact (`npm run build`, README "Running in production"): beside
// the bundle it gets the Prisma schemas and migrations the bot applies at start, and a package.json
// of its own naming only the packages needed at run time, so `npm install --omit=dev` inside it
// and `npm start` there run the bot with no sources, no TypeScript loader and no bundler.
// `node scripts/build.mjs --outdir <dir>` builds elsewhere (tests).
import { build } from 'esbuild';
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const flag = process.argv.indexOf('--outdir');
const outdir = path.resolve(root, flag >= 0 ? process.argv[flag + 1] : 'dist');
// `--entry name=file` (repeatable) bundles other entry points exactly as the bot is bundled: the
// benchmark runs its measured process from such a bundle, so its figures are the production code's.
const entries = process.argv.flatMap((arg, i) => (process.argv[i - 1] === '--entry' ? [arg.split('=')] : []));
const entryPoints = entries.length ? Object.fromEntries(entries) : { main: 'src/main.ts', 'db-migrate': 'src/db/migrate-cli.ts', 'db-backup': 'src/db/backup-cli.ts' };

// One luxon in the process: cron-parser require()s its CommonJS build, and the bot's `import` would
// load its ES build beside it, the same version twice (+0.8 MiB of an idle bot's heap). The bundle's
// `luxon` is the CommonJS one, re-exported under the same names.
const luxonNames = Object.keys(createRequire(import.meta.url)('luxon')).filter((name) => /^[A-Za-z_$][\w$]*$/.test(name));
const oneLuxon = {
  name: 'one-luxon',
  setup(b) {
    b.onResolve({ filter: /^luxon$/ }, (args) => (args.namespace === 'one-luxon' ? undefined : { path: 'luxon', namespace: 'one-luxon' }));
    b.onLoad({ filter: /.*/, namespace: 'one-luxon' }, () => ({
      contents: `import { createRequire } from 'node:module';\nconst luxon = createRequire(import.meta.url)('luxon');\nexport const { ${luxonNames.join(', ')} } = luxon;\n`,
      loader: 'js',
    }));
  },
};

rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints,
  absWorkingDir: root,
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
  plugins: [oneLuxon],
});

// esbuild escapes non-ASCII in strings but keeps it in comments and regular expressions; one such
// character makes V8 hold the whole file's source as two bytes a character (main.js: 1 MiB
// instead of 0.5 for the life of the process). A \u escape means the same in every place it occurs.
for (const name of readdirSync(outdir)) {
  if (!name.endsWith('.js')) continue;
  const file = path.join(outdir, name);
  const source = readFileSync(file, 'utf8');
  if (/[^\x00-\x7f]/.test(source)) {
    writeFileSync(file, source.replace(/[^\x00-\x7f]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`));
  }
}

// What the bundle reads from disk at run time: the schemas and migrations (src/db/provider.ts finds
// them beside the nearest package.json, which is this one).
for (const dir of ['prisma/migrations', 'prisma/postgresql/migrations']) cpSync(path.join(root, dir), path.join(outdir, dir), { recursive: true });
for (const file of ['prisma/schema.prisma', 'prisma/postgresql/schema.prisma']) cpSync(path.join(root, file), path.join(outdir, file));

// Packages only the build and the sources need (bundler, TypeScript loader, Prisma's CLI that
// generates the client now bundled here).
const BUILD_ONLY = new Set(['esbuild', 'tsx', 'prisma']);
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const flags = pkg.config?.nodeFlags ?? '';
const runtime = {
  name: pkg.name,
  version: pkg.version,
  private: true,
  description: `${pkg.description} (production build)`,
  type: 'module',
  engines: pkg.engines,
  scripts: {
    start: `node ${flags} main.js`.replace(/\s+/g, ' '),
    'db:migrate': 'node db-migrate.js',
    'db:backup': 'node db-backup.js',
  },
  dependencies: Object.fromEntries(Object.entries(pkg.dependencies).filter(([name]) => !BUILD_ONLY.has(name))),
  config: pkg.config,
};
writeFileSync(path.join(outdir, 'package.json'), JSON.stringify(runtime, null, 2) + '\n');
// The same resolved versions as development: `npm install --omit=dev` there takes them from here.
cpSync(path.join(root, 'package-lock.json'), path.join(outdir, 'package-lock.json'));
