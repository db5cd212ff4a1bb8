import { closeSync, existsSync, fsyncSync, linkSync, mkdirSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { openDb } from './index.ts';
import { migrateToLatest } from './migrate.ts';

/** A restore that must not go ahead; the message says why and what to do. */
export class RestoreError extends Error {}

export interface RestoreResult {
  target: string;
  /** the last migration recorded in the backup (later ones run when the server starts) */
  migration: string;
  tickets: number;
  auditRecords: number;
  /** whether a database was there before */
  replaced: boolean;
  /** where the database that was replaced now lies; null when there was none or --force discarded it */
  previous: string | null;
}

/** The names of every migration this build knows, in order (read from a throw-away in-memory database). */
async function knownMigrations(): Promise<string[]> {
  const h = openDb('sqlite', ':memory:');
  try {
    return await migrateToLatest(h.db as unknown as Kysely<unknown>, 'sqlite');
  } finally {
    await h.close();
  }
}

function isSqliteFile(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(16);
    return readSync(fd, head, 0, 16, 0) === 16 && head.toString('latin1') === 'SQLite format 3\0';
  } finally {
    closeSync(fd);
  }
}

interface Checked {
  migration: string;
  tickets: number;
  auditRecords: number;
}

/** Refuses anything but an intact Tongxin database at a migration this build knows. */
async function checkBackup(src: SQLite.Database, file: string): Promise<Checked> {
  let integrity: string;
  try {
    integrity = src.pragma('integrity_check', { simple: true }) as string;
  } catch (e) {
    // SQLite names no file in its messages: say which one, and what to do
    const msg = (e as Error).message;
    if (/readonly|read-only|unable to open/i.test(msg))
      throw new RestoreError(`cannot read ${file} where it is (${msg}): a backup in WAL mode needs a writable directory; copy it to one first`);
    throw new RestoreError(`${file} is damaged (${msg})`);
  }
  if (integrity !== 'ok') throw new RestoreError(`${file} is damaged (integrity_check: ${integrity})`);
  const tables = new Set((src.prepare(`select name from sqlite_master where type = 'table'`).all() as { name: string }[]).map((t) => t.name));
  for (const t of ['tx_migrations', 'audit_log', 'tickets', 'users'])
    if (!tables.has(t)) throw new RestoreError(`${file} is not a Tongxin database (no ${t} table)`);
  const applied = (src.prepare('select name from tx_migrations order by name').all() as { name: string }[]).map((m) => m.name);
  const known = await knownMigrations();
  const unknown = applied.filter((n) => !known.includes(n));
  if (unknown.length > 0)
    throw new RestoreError(`${file} was written by a newer Tongxin (unknown migration ${unknown.join(', ')}): upgrade this installation first`);
  // migrations run in order: a backup holding a later one without an earlier one was not made by Tongxin
  if (applied.length === 0 || applied.some((n, i) => n !== known[i]))
    throw new RestoreError(`${file} has an incomplete migration history (${applied.join(', ') || 'none'})`);
  const count = (table: string) => (src.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
  return { migration: applied[applied.length - 1] as string, tickets: count('tickets'), auditRecords: count('audit_log') };
}

/**
 * Takes the target's lock for good, or says who holds it. An open connection in WAL mode (every server process)
 * holds a shared lock on the file, so an exclusive lock succeeds only when nothing uses the database.
 */
function lockTarget(target: string, force: boolean): SQLite.Database | null {
  let db: SQLite.Database | null = null;
  try {
    db = new SQLite(target, { fileMustExist: true, timeout: 0 });
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.exec('COMMIT');
    // fold the WAL into the file and leave WAL mode: the kept copy (.bak) is complete on its own, and closing this
    // connection after the swap cannot delete a WAL by name that by then belongs to the restored database
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.pragma('journal_mode = DELETE');
    return db;
  } catch (e) {
    db?.close();
    if ((e as { code?: string }).code?.startsWith('SQLITE_BUSY'))
      throw new RestoreError(`${target} is in use (a server or another tongxin command has it open): stop every server process using it, then restore`);
    // a damaged file cannot be in use by a working server; --force replaces it anyway
    if (force) return null;
    throw new RestoreError(`${target} cannot be opened (${(e as Error).message}): move it away or pass --force to replace it`);
  }
}

function fsyncFile(file: string): void {
  const fd = openSync(file, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** `tongxin.db` → `tongxin.db.20261126-135700.bak` (a counter is added if that name is taken). */
function bakName(target: string, now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  let name = `${target}.${stamp}.bak`;
  for (let i = 2; existsSync(name); i++) name = `${target}.${stamp}-${i}.bak`;
  return name;
}

/**
 * Puts a backup of the embedded database in place of `targetPath`: checks it, copies it next to the target,
 * fsyncs, renames it over the target (keeping the old database as a timestamped .bak unless `force`), and
 * removes the old WAL and shared-memory files, which belong to the replaced database.
 */
export async function restoreSqlite(sourcePath: string, targetPath: string, opts: { force?: boolean; now?: Date } = {}): Promise<RestoreResult> {
  const source = resolve(sourcePath);
  const target = resolve(targetPath);
  if (source === target) throw new RestoreError('the backup file is the database itself');
  if (!existsSync(source) || !statSync(source).isFile()) throw new RestoreError(`no backup file at ${source}`);
  if (!isSqliteFile(source)) throw new RestoreError(`${source} is not an SQLite database`);
  mkdirSync(dirname(target), { recursive: true });

  const src = new SQLite(source, { readonly: true, fileMustExist: true });
  const tmp = join(dirname(target), `.${basename(target)}.restore-${process.pid}`);
  let lock: SQLite.Database | null = null;
  try {
    const checked = await checkBackup(src, source);
    // refuse before copying anything: a running server must never see its file swapped underneath it
    const hadTarget = existsSync(target);
    if (hadTarget) lock = lockTarget(target, !!opts.force);
    rmSync(tmp, { force: true });
    // the backup API (not a byte copy) also takes commits still in a WAL beside the backup file
    await src.backup(tmp, { progress: () => 0x7fffffff });
    fsyncFile(tmp);

    // The lock is held until the restored file is in place, and the path never goes missing: the old database gets
    // its .bak name as a second link, then one rename swaps the files. A server that opened the old file meanwhile
    // waits on the lock and, once it gets it, finds the path leads elsewhere and opens again (openDb).
    let previous: string | null = null;
    if (hadTarget && !opts.force) {
      previous = bakName(target, opts.now ?? new Date());
      try {
        linkSync(target, previous);
      } catch (e) {
        // a file system without hard links (SMB, exFAT): the old file moves instead, and for a moment there is none
        if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK'].includes((e as { code?: string }).code ?? '')) throw e;
        renameSync(target, previous);
      }
    }
    // a stale WAL would be replayed into the restored file and corrupt it
    rmSync(`${target}-wal`, { force: true });
    rmSync(`${target}-shm`, { force: true });
    renameSync(tmp, target);
    fsyncDir(dirname(target));
    lock?.close();
    lock = null;
    return { target, replaced: hadTarget, previous, ...checked };
  } finally {
    lock?.close();
    src.close();
    for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`, `${tmp}-journal`]) rmSync(f, { force: true });
  }
}
