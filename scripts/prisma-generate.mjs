// Generates the Prisma clients (one per provider) without the network.
// The CLI insists on a native schema engine before `generate`, which the new `prisma-client`
// generator never uses; pointing PRISMA_SCHEMA_ENGINE_BINARY at any existing file skips the download.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const schemas = ['prisma/schema.prisma', 'prisma/postgresql/schema.prisma'].filter((s) => existsSync(path.join(root, s)));
const prismaBin = path.join(root, 'node_modules', 'prisma', 'build', 'index.js');
for (const schema of schemas) {
  const result = spawnSync(process.execPath, [prismaBin, 'generate', '--schema', schema], {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? path.join(root, 'package.json'),
      PRISMA_HIDE_UPDATE_MESSAGE: '1',
      CHECKPOINT_DISABLE: '1',
    },
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
