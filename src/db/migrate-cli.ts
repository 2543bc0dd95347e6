// `npm run db:migrate`: applies pending migrations to DATABASE_URL (no network needed).
import { loadConfig } from '../config.ts';
import { migrate } from './migrate.ts';

const config = loadConfig();
const applied = await migrate(config.DATABASE_URL);
console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
