/**
 * Zone persistence in a data dir:
 *
 *   zone.snapshot.json   the whole zone at transaction `seq` (written to a temp file, fsynced,
 *                        renamed over the old one, directory fsynced: never half-written)
 *   zone.journal         one JSON line per transaction applied after the snapshot, fsynced
 *                        before the transaction is acknowledged
 *
 * Loading reads the snapshot, then replays journal entries with a higher `seq`. A torn last line
 * (the process died mid-write, before the fsync returned, so nobody was told it was applied) is
 * ignored. Compaction writes a new snapshot and truncates the journal; a crash between the two
 * steps is harmless because replay skips entries the snapshot already holds.
 */
import { closeSync, existsSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readRData, rdataBytes } from '../dns-wire/index.js';
import type { RRset, ZoneChange } from './zone.js';

export interface JournalEntry {
  /** Transaction sequence number: strictly increasing, never wraps (unlike the SOA serial). */
  readonly seq: number;
  readonly serial: number;
  readonly changes: readonly ZoneChange[];
}

export interface Snapshot {
  readonly origin: string;
  readonly seq: number;
  readonly serial: number;
  readonly rrsets: readonly ZoneChange[];
}

interface StoredChange {
  readonly n: string;
  readonly t: number;
  readonly ttl?: number;
  /** Rdata as base64 of its uncompressed wire form. */
  readonly rd?: readonly string[];
  readonly w?: readonly number[];
  readonly m?: number;
}

const SNAPSHOT_FILE = 'zone.snapshot.json';
const JOURNAL_FILE = 'zone.journal';
/** Holds the owner's PID: two servers appending to one journal would corrupt it. */
const LOCK_FILE = 'zone.lock';

/** Below this, the journal is never worth compacting for its size. */
const COMPACT_JOURNAL_BYTES_MIN = 1 << 20;

export class ZonePersistence {
  private journalFd: number;
  private journalEntries = 0;
  private journalBytes = 0;
  private snapshotBytes = 0;

  constructor(private readonly dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    takeLock(join(dataDir, LOCK_FILE));
    this.journalFd = openSync(join(dataDir, JOURNAL_FILE), 'a');
  }

  get entriesSinceSnapshot(): number {
    return this.journalEntries;
  }

  /**
   * The journal is due for compaction once it is as large as the snapshot (and at least 1 MiB):
   * a snapshot costs time proportional to the zone, so it is written only after as many bytes
   * were journaled — amortized, however large the zone.
   */
  get journalOutgrewSnapshot(): boolean {
    return this.journalBytes >= Math.max(COMPACT_JOURNAL_BYTES_MIN, this.snapshotBytes);
  }

  /** The persisted zone, or null when the data dir holds none yet. */
  load(): { snapshot: Snapshot; entries: JournalEntry[] } | null {
    const snapshotPath = join(this.dataDir, SNAPSHOT_FILE);
    if (!existsSync(snapshotPath)) return null;
    const text = readFileSync(snapshotPath, 'utf8');
    this.snapshotBytes = Buffer.byteLength(text);
    const stored = JSON.parse(text) as { origin: string; seq: number; serial: number; rrsets: StoredChange[] };
    const snapshot: Snapshot = { origin: stored.origin, seq: stored.seq, serial: stored.serial, rrsets: stored.rrsets.map(decodeChange) };
    const journal = readJournal(join(this.dataDir, JOURNAL_FILE));
    // Cut a torn tail off, or the next append would be glued to it and lost on the next load.
    ftruncateSync(this.journalFd, journal.validBytes);
    this.journalBytes = journal.validBytes;
    const entries = journal.entries.filter((entry) => entry.seq > snapshot.seq);
    this.journalEntries = entries.length;
    return { snapshot, entries };
  }

  /** The journal line of a transaction. Throws only on data that cannot exist (a bug). */
  static encodeEntry(entry: JournalEntry): string {
    return `${JSON.stringify({ seq: entry.seq, serial: entry.serial, changes: entry.changes.map(encodeChange) })}\n`;
  }

  /** Appends one encoded transaction and waits until it is on disk. */
  append(line: string): void {
    writeSync(this.journalFd, line);
    fsyncSync(this.journalFd);
    this.journalEntries++;
    this.journalBytes += Buffer.byteLength(line);
  }

  /** Replaces the snapshot atomically, then empties the journal. */
  writeSnapshot(snapshot: Snapshot): void {
    const path = join(this.dataDir, SNAPSHOT_FILE);
    const temp = `${path}.tmp`;
    const fd = openSync(temp, 'w');
    try {
      const text = JSON.stringify({ origin: snapshot.origin, seq: snapshot.seq, serial: snapshot.serial, rrsets: snapshot.rrsets.map(encodeChange) });
      writeSync(fd, text);
      fsyncSync(fd);
      this.snapshotBytes = Buffer.byteLength(text);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
    fsyncDirectory(this.dataDir);
    ftruncateSync(this.journalFd, 0);
    fsyncSync(this.journalFd);
    this.journalEntries = 0;
    this.journalBytes = 0;
  }

  close(): void {
    closeSync(this.journalFd);
    this.journalFd = -1;
    rmSync(join(this.dataDir, LOCK_FILE), { force: true });
  }
}

/**
 * Takes the data dir's lock, or throws if a live process holds it. A lock left by a process that
 * no longer exists (kill -9) is taken over: that is exactly the restart static stability needs.
 */
function takeLock(path: string): void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, String(process.pid), { flag: 'wx' });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = Number(readFileSync(path, 'utf8').trim());
    if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && processAlive(owner)) {
      throw new Error(`data dir ${dirname(path)} is in use by process ${owner}`);
    }
    rmSync(path, { force: true });
  }
  throw new Error(`could not lock ${path}`);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function fsyncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function readJournal(path: string): { entries: JournalEntry[]; validBytes: number } {
  if (!existsSync(path)) return { entries: [], validBytes: 0 };
  const entries: JournalEntry[] = [];
  const text = readFileSync(path);
  let validBytes = 0;
  while (validBytes < text.length) {
    const end = text.indexOf(0x0a, validBytes);
    // A torn write (no newline, or not JSON) can only be the last line, and it was never
    // acknowledged: replay stops there.
    if (end < 0) break;
    let stored: { seq: number; serial: number; changes: StoredChange[] };
    try {
      stored = JSON.parse(text.toString('utf8', validBytes, end)) as typeof stored;
    } catch {
      break;
    }
    entries.push({ seq: stored.seq, serial: stored.serial, changes: stored.changes.map(decodeChange) });
    validBytes = end + 1;
  }
  return { entries, validBytes };
}

export function encodeChange(change: ZoneChange): StoredChange {
  if (change.rrset === null) return { n: change.name, t: change.type };
  const rrset = change.rrset;
  const stored: StoredChange = { n: change.name, t: change.type, ttl: rrset.ttl, rd: rrset.rdatas.map((rd) => Buffer.from(rdataBytes(rd)).toString('base64')) };
  if (rrset.weights === undefined) return stored;
  return { ...stored, w: rrset.weights, ...(rrset.answersMax === undefined ? {} : { m: rrset.answersMax }) };
}

export function decodeChange(stored: StoredChange): ZoneChange {
  if (stored.rd === undefined) return { name: stored.n, type: stored.t, rrset: null };
  const rdatas = stored.rd.map((text) => {
    const bytes = Buffer.from(text, 'base64');
    return readRData(bytes, 0, bytes.length, stored.t);
  });
  const base = { type: stored.t, ttl: stored.ttl ?? 0, rdatas };
  const rrset: RRset = stored.w === undefined ? base : { ...base, weights: stored.w, ...(stored.m === undefined ? {} : { answersMax: stored.m }) };
  return { name: stored.n, type: stored.t, rrset };
}
