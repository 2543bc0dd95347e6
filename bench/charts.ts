/**
 * The yearly evaluation of a 300-organisation year (bench/seed-year.ts), through the command core
 * as the coordinator asks for it: the numbers read from the database, then every chart drawn as
 * PNG. The first call also loads the charting libraries (dynamic import); the target is the warm one.
 */
import type { App } from '../src/app.ts';
import type { Invocation } from '../src/core/dispatcher.ts';
import type { BenchSeedStore } from './bench-seed.ts';
import { summarize, type LatencySummary } from './lib.ts';
import { seedYear } from './seed-year.ts';

export const TARGET_CHARTS_MS = 2000;
const CLUSTER = 'bench-charts';
const COORDINATOR = 'bench-charts-coordinator';
const YEAR = 2025;
const ORGS = 300;

export interface ChartsResult {
  organisations: number;
  charts: number;
  /** The first report of the process: the libraries load on it. */
  coldMs: number;
  /** Whole command, warm: numbers and pictures. */
  warm: LatencySummary;
  /** The same runs' CPU time (user + system) of this process: what the 2 s cost on idle cores, whatever else runs. */
  warmCpu: LatencySummary;
  /** Of which the numbers (EvaluationService.year) alone. */
  numbers: LatencySummary;
  pngBytes: number;
  target: string;
}

export async function chartsBench(app: App, seed: BenchSeedStore, runs = 5): Promise<ChartsResult> {
  const cluster = await app.services.clusters.resolve('console', CLUSTER, 'Bench evaluation');
  await seedYear(seed, { clusterId: cluster.id, year: YEAR, orgs: ORGS });
  const person = await app.services.people.ensure(cluster.id, COORDINATOR, COORDINATOR);
  await app.services.people.grantRole(cluster.id, person.id, 'coordinator', null);
  const ask = async () => {
    const reply = await app.dispatcher.dispatch({ platform: 'console', cluster: { externalId: CLUSTER }, user: { id: COORDINATOR, displayName: COORDINATOR }, channelId: 'bench', kind: 'command', command: 'report', subcommand: 'evaluation', options: { year: YEAR } } as Invocation);
    const pngs = (reply.attachments ?? []).filter((a) => a.contentType === 'image/png');
    if (!pngs.length) throw new Error(`no charts: ${reply.text ?? reply.errorId}`);
    return pngs;
  };
  const t0 = performance.now();
  const pngs = await ask();
  const coldMs = Math.round(performance.now() - t0);
  const warm: number[] = [];
  const warmCpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    const cpu = process.cpuUsage();
    await ask();
    warm.push(performance.now() - s);
    const used = process.cpuUsage(cpu);
    warmCpu.push((used.user + used.system) / 1000);
  }
  const numbers: number[] = [];
  const ctx = await app.services.clusters.byId(cluster.id);
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    const e = await app.services.evaluation.year(ctx, YEAR);
    numbers.push(performance.now() - s);
    if (!e.counted.length) throw new Error('the evaluation counted no organisation');
  }
  const w = summarize(warm);
  return {
    organisations: ORGS,
    charts: pngs.length,
    coldMs,
    warm: w,
    warmCpu: summarize(warmCpu),
    numbers: summarize(numbers),
    pngBytes: pngs.reduce((n, p) => n + p.data.length, 0),
    target: `< ${TARGET_CHARTS_MS} ms warm (median of ${runs}): ${w.p50 < TARGET_CHARTS_MS ? 'met' : 'MISSED'} (CPU ${Math.round(summarize(warmCpu).p50)} ms)`,
  };
}
