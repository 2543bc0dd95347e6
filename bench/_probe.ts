import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { measureStartup } from './startup.ts';
const dir = mkdtempSync(path.join(tmpdir(), 'pkes-probe-'));
const fresh = 'file:' + path.join(dir, 'fresh.db');
console.log('fresh-not-migrated', process.env.BENCH_STARTUP_LOG_LEVEL, await measureStartup(fresh));
console.log('again', process.env.BENCH_STARTUP_LOG_LEVEL, await measureStartup(fresh));
