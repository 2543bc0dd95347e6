import { createTestApp } from '../test/support/harness.ts';
import { BENCH_NOW, seedCluster } from './seed.ts';
let t0 = performance.now();
const t = await createTestApp({ start: BENCH_NOW.toISOString() });
console.log('app', Math.round(performance.now() - t0)); t0 = performance.now();
const s = await seedCluster(t.app, { orgs: 10, activities: 40, posts: 6, groups: 2, motions: 1 });
console.log('seed', Math.round(performance.now() - t0), s.counts);
await t.close();
console.log('closed');
