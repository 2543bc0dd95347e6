import { readFileSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';

/**
 * Reads a copied SQLite database the way someone holding its files would: the main file, then the
 * write-ahead log replayed commit by commit (frames parsed here, per sqlite.org/fileformat2.html,
 * "The WAL File Format"). Each commit gives a database image that better-sqlite3 opens read-only.
 */
export interface WalCommit {
  /** 0 for the main file alone, then 1, 2, … for each commit found in the log. */
  index: number;
  image: Buffer;
}

export function replayWal(dbFile: Buffer, walFile: Buffer | undefined): WalCommit[] {
  const commits: WalCommit[] = [{ index: 0, image: dbFile }];
  if (!walFile || walFile.length < 32) return commits;
  const magic = walFile.readUInt32BE(0);
  if (magic !== 0x377f0682 && magic !== 0x377f0683) return commits;
  const pageSize = walFile.readUInt32BE(8) || 65536;
  const salt1 = walFile.readUInt32BE(16);
  const salt2 = walFile.readUInt32BE(20);
  let image = Buffer.from(dbFile);
  const pending = new Map<number, Buffer>();
  for (let offset = 32; offset + 24 + pageSize <= walFile.length; offset += 24 + pageSize) {
    const pgno = walFile.readUInt32BE(offset);
    const sizeAfterCommit = walFile.readUInt32BE(offset + 4);
    // Frames left from before the last checkpoint carry older salts: the log ends there.
    if (walFile.readUInt32BE(offset + 8) !== salt1 || walFile.readUInt32BE(offset + 12) !== salt2) break;
    pending.set(pgno, walFile.subarray(offset + 24, offset + 24 + pageSize));
    if (sizeAfterCommit === 0) continue;
    const next = Buffer.alloc(sizeAfterCommit * pageSize);
    image.copy(next, 0, 0, Math.min(image.length, next.length));
    for (const [page, data] of pending) data.copy(next, (page - 1) * pageSize);
    pending.clear();
    image = next;
    commits.push({ index: commits.length, image });
  }
  return commits;
}

/** Opens one image read-only (as a rollback-journal file, so no log is looked for) and runs `read`. */
export function readImage<T>(image: Buffer, path: string, read: (db: Database.Database) => T): T {
  const copy = Buffer.from(image);
  // Bytes 18–19 say "WAL mode"; 1/1 is the legacy journal, which opens without a -wal file.
  copy[18] = 1;
  copy[19] = 1;
  writeFileSync(path, copy);
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

export function readIfExists(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}
