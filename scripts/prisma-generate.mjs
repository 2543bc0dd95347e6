// Generates the Prisma clients (one per provider) without the network.
// The CLI insists on a native schema engine before `generate`, which the new `prisma-client`
// generator never uses; pointing PRISMA_SCHEMA_ENGINE_BINARY at any existing file skips the download.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
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

// The generated client loads its query compiler by importing a JavaScript module that is one
// 2 MB base64 string. An imported module is never unloaded, so its source and the string stayed
// in the heap for the life of the process: 4.2 MiB of the idle bot's 31 MiB heap. Reading the same
// file as text leaves nothing behind once the WebAssembly is compiled.
const loader = /const \{ wasm \} = await import\(("@prisma\/client\/runtime\/[\w.-]+\.wasm-base64\.mjs")\)\n(\s*)return await decodeBase64AsWasm\(wasm\)/;
for (const dir of ['sqlite', 'postgresql']) {
  const file = path.join(root, 'src', 'db', 'generated', dir, 'internal', 'class.ts');
  if (!existsSync(file)) continue;
  const source = readFileSync(file, 'utf8');
  const match = loader.exec(source);
  if (!match) {
    console.error(`${file}: the query compiler loader is not the one scripts/prisma-generate.mjs expects (Prisma upgraded?); update the patch there.`);
    process.exit(1);
  }
  const [, specifier, indent] = match;
  const patched = [
    `// Read as text, not imported: see scripts/prisma-generate.mjs.`,
    `${indent}const { readFile } = await import('node:fs/promises')`,
    `${indent}const { createRequire } = await import('node:module')`,
    `${indent}const text = await readFile(createRequire(import.meta.url).resolve(${specifier}), 'utf8')`,
    `${indent}return await decodeBase64AsWasm(text.slice(text.indexOf('"') + 1, text.lastIndexOf('"')))`,
  ].join('\n');
  writeFileSync(file, source.replace(loader, patched));
}
