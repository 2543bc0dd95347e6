/** Small measuring helpers for the benchmarks (not part of the bot). */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A port free on loopback right now, for a child process to listen on. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Resident memory of a process, in MiB, from /proc. */
export function rssMiB(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);
  return Math.round((kb / 1024) * 10) / 10;
}

/** Builds dist/ as `npm start` does; returns the Node flags `npm start` passes. */
export function buildBundle(root = '.'): string[] {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  return startFlags(root);
}

/**
 * The benchmark's own measured process bundled as `npm start` bundles the bot (scripts/build.mjs):
 * no TypeScript loader, no names kept on every closure, no source maps behind each stack, one
 * module instead of hundreds. Answers the file to run.
 */
export function benchBundle(root: string, entry: string): string {
  const outdir = path.join(root, 'tmp', 'bench-bundle');
  execFileSync(process.execPath, ['scripts/build.mjs', '--outdir', outdir, '--entry', `run=${entry}`], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  return path.join(outdir, 'run.js');
}

/** The Node flags `npm start` passes (package.json config.nodeFlags); BENCH_NODE_FLAGS tries others. */
export function startFlags(root = '.'): string[] {
  const pkg = JSON.parse(readFileSync(`${root}/package.json`, 'utf8')) as { config?: { nodeFlags?: string } };
  return (process.env.BENCH_NODE_FLAGS ?? pkg.config?.nodeFlags ?? '').split(/\s+/).filter(Boolean);
}


export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export interface LatencySummary {
  n: number;
  p50: number;
  p99: number;
  max: number;
  mean: number;
}

export function summarize(samples: number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    n: sorted.length,
    p50: round(percentile(sorted, 50)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1] ?? NaN),
    mean: round(sorted.reduce((a, b) => a + b, 0) / (sorted.length || 1)),
  };
}

/** Times `fn` n times in a row after a short warm-up; `keep` collects the samples for a summary across runs. */
export async function measure(n: number, fn: (i: number) => Promise<unknown>, warmup = 5, keep?: number[]): Promise<LatencySummary> {
  for (let i = 0; i < warmup; i++) await fn(-1 - i);
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await fn(i);
    samples.push(performance.now() - start);
  }
  keep?.push(...samples);
  return summarize(samples);
}

/** A deterministic pseudo-random generator, so every run seeds the same cluster. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function table(rows: Record<string, string | number>[]): string {
  if (rows.length === 0) return '';
  const headers = Object.keys(rows[0]!);
  const widths = headers.map((h) => Math.max(h.length, ...rows.map((r) => String(r[h] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map((r) => line(headers.map((h) => String(r[h] ?? ''))))].join('\n');
}

/**
 * BENCH_PROFILE=dir: a V8 CPU profile of one measured stretch, written as dir/name.cpuprofile
 * (open it in Chrome's DevTools). Sampling every 100 µs so a 200 ms burst has enough samples.
 */
export async function profileStretch(): Promise<{ stop(name: string): Promise<void> } | undefined> {
  const dir = process.env.BENCH_PROFILE;
  if (!dir) return undefined;
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  // BENCH_PROFILE_HEAP=1: where the stretch allocates (a sampling heap profile) instead of where it spends time.
  const heap = Boolean(process.env.BENCH_PROFILE_HEAP);
  if (heap) {
    await session.post('HeapProfiler.enable');
    await session.post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  } else {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 100 });
    await session.post('Profiler.start');
  }
  return {
    async stop(name) {
      if (heap) {
        const { profile } = await session.post('HeapProfiler.stopSampling');
        session.disconnect();
        mkdirSync(dir, { recursive: true });
        writeFileSync(path.join(dir, `${name}.heapprofile`), JSON.stringify(profile));
        return;
      }
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
    },
  };
}
