// `npm run db:backup -- <file>`: a consistent, verified copy of the running bot's SQLite database.
import { existsSync } from 'node:fs';
import { loadConfig } from '../config.ts';
import { backupSqlite, BackupError } from './backup.ts';

// The same settings the bot reads: the environment, filled in from .env when present.
if (existsSync('.env')) process.loadEnvFile('.env');
const destination = process.argv[2];
if (!destination) {
  console.error('Usage: npm run db:backup -- <file>   (a consistent copy of the SQLite database in DATABASE_URL)');
  process.exit(2);
}
try {
  const result = await backupSqlite(loadConfig().DATABASE_URL, destination);
  console.log(`Backup written to ${result.file}: ${result.pages} pages (${result.bytes} bytes), ${result.tables} tables, ${result.migrations} migrations; integrity check ok.`);
} catch (error) {
  console.error(`Backup failed: ${error instanceof BackupError ? error.message : (error as Error).message}`);
  process.exit(1);
}
