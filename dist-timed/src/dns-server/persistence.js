/**
 * Zone persistence in a data dir:
 *
 *   zone.snapshot.json   the whole zone at transaction `seq` (written to a temp file, fsynced,
 *                        renamed over the old one, directory fsynced: never half-written)
 *   zone.journal         one JSON line per transaction applied after the snapshot, fsynced
 *                        before the transaction is acknowledged
 *
 * Loading reads the snapshot, then replays journal entries with a higher `seq`. Compaction writes
 * a new snapshot and truncates the journal; a crash between the two steps is harmless because
 * replay skips entries the snapshot already holds.
 *
 * Every journal line is checked before anything is replayed: JSON, shape (stored-zone.ts), and
 * sequence continuity (each line's seq is the previous one's + 1; the first follows the snapshot
 * or is already in it). One kind of damage is expected: a torn last line, without its newline,
 * is a write the process died in before the fsync returned, so nobody was told it was applied —
 * it is dropped and the file cut back to the last complete line. Any other damage stops the load
 * with `FILE:LINE: what is wrong` and changes nothing: the lines after it are acknowledged
 * transactions, and only an operator can tell how to save them.
 */
import { chmodSync, closeSync, constants, existsSync, fchmodSync, fsyncSync, ftruncateSync, lstatSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { assertDataDirWritable } from './data-dir.js';
import { StoredDataError, encodeChange, parseEntryLine, parseSnapshot } from './stored-zone.js';
const SNAPSHOT_FILE = 'zone.snapshot.json';
const JOURNAL_FILE = 'zone.journal';
/** Holds the owner's PID: two servers appending to one journal would corrupt it. */
const LOCK_FILE = 'zone.lock';
const DATA_DIR_MODE = 0o700;
const DATA_FILE_MODE = 0o600;
/**
 * Opens a data file with O_NOFOLLOW (a symlink planted in the data dir is refused, never written
 * through) and makes it 0600 (also a file created before under a looser umask).
 */
function openPrivate(path, flags) {
    let fd;
    try {
        fd = openSync(path, flags | constants.O_NOFOLLOW, DATA_FILE_MODE);
    }
    catch (error) {
        if (error.code === 'ELOOP')
            throw new Error(`${path} is a symbolic link: refused (the data dir's files must be regular files)`);
        throw error;
    }
    fchmodSync(fd, DATA_FILE_MODE);
    return fd;
}
/** Reads follow no symlink either: checked with lstat first. */
function refuseSymlink(path) {
    if (lstatSync(path).isSymbolicLink())
        throw new Error(`${path} is a symbolic link: refused (the data dir's files must be regular files)`);
}
/** Below this, the journal is never worth compacting for its size. */
const COMPACT_JOURNAL_BYTES_MIN = 1 << 20;
export class ZonePersistence {
    dataDir;
    journalFd;
    journalEntries = 0;
    journalBytes = 0;
    snapshotBytes = 0;
    constructor(dataDir) {
        this.dataDir = dataDir;
        // Found out now, in one line, rather than as a stack trace with a lock file left behind.
        assertDataDirWritable(dataDir);
        // The zone and its journal are ours alone: 0700 for the dir, 0600 for every file, whatever the umask.
        mkdirSync(dataDir, { recursive: true, mode: DATA_DIR_MODE });
        chmodSync(dataDir, DATA_DIR_MODE);
        takeLock(join(dataDir, LOCK_FILE));
        this.journalFd = openPrivate(join(dataDir, JOURNAL_FILE), constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND);
    }
    get entriesSinceSnapshot() {
        return this.journalEntries;
    }
    /**
     * The journal is due for compaction once it is as large as the snapshot (and at least 1 MiB):
     * a snapshot costs time proportional to the zone, so it is written only after as many bytes
     * were journaled — amortized, however large the zone.
     */
    get journalOutgrewSnapshot() {
        return this.journalBytes >= Math.max(COMPACT_JOURNAL_BYTES_MIN, this.snapshotBytes);
    }
    /**
     * The persisted zone, or null when the data dir holds none yet. Throws StoredDataError, having
     * changed nothing, when the snapshot or the journal is damaged (see the header).
     */
    load() {
        const snapshotPath = join(this.dataDir, SNAPSHOT_FILE);
        if (!existsSync(snapshotPath))
            return null;
        refuseSymlink(snapshotPath);
        const text = readFileSync(snapshotPath, 'utf8');
        let snapshot;
        try {
            snapshot = parseSnapshot(text);
        }
        catch (error) {
            throw error instanceof StoredDataError ? new StoredDataError(`${snapshotPath}: ${error.message}`) : error;
        }
        this.snapshotBytes = Buffer.byteLength(text);
        const journal = readJournal(join(this.dataDir, JOURNAL_FILE), snapshot.seq);
        const entries = journal.entries.filter((entry) => entry.seq > snapshot.seq);
        // Only now, with every complete line checked, may the file change. A journal the snapshot
        // holds entirely is what a compaction interrupted before its truncation leaves: finish it,
        // or the next append would leave a hole in the seqs after the old lines. Otherwise cut the
        // torn tail off, or the next append would be glued to it and lost on the next load.
        const keptBytes = entries.length === 0 ? 0 : journal.completeBytes;
        if (keptBytes < journal.completeBytes + journal.tornBytes)
            ftruncateSync(this.journalFd, keptBytes);
        this.journalBytes = keptBytes;
        this.journalEntries = entries.length;
        return { snapshot, entries };
    }
    /** The journal line of a transaction. Throws only on data that cannot exist (a bug). */
    static encodeEntry(entry) {
        return `${JSON.stringify({ seq: entry.seq, serial: entry.serial, changes: entry.changes.map(encodeChange) })}\n`;
    }
    /** Appends one encoded transaction and waits until it is on disk. */
    append(line) {
        writeSync(this.journalFd, line);
        fsyncSync(this.journalFd);
        this.journalEntries++;
        this.journalBytes += Buffer.byteLength(line);
    }
    /** Replaces the snapshot atomically, then empties the journal. */
    writeSnapshot(snapshot) {
        const path = join(this.dataDir, SNAPSHOT_FILE);
        const temp = `${path}.tmp`;
        const fd = openPrivate(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC);
        try {
            const text = JSON.stringify({ origin: snapshot.origin, seq: snapshot.seq, serial: snapshot.serial, rrsets: snapshot.rrsets.map(encodeChange) });
            writeSync(fd, text);
            fsyncSync(fd);
            this.snapshotBytes = Buffer.byteLength(text);
        }
        finally {
            closeSync(fd);
        }
        renameSync(temp, path);
        fsyncDirectory(this.dataDir);
        ftruncateSync(this.journalFd, 0);
        fsyncSync(this.journalFd);
        this.journalEntries = 0;
        this.journalBytes = 0;
    }
    close() {
        closeSync(this.journalFd);
        this.journalFd = -1;
        rmSync(join(this.dataDir, LOCK_FILE), { force: true });
    }
}
/**
 * Takes the data dir's lock, or throws if a live process holds it. A lock left by a process that
 * no longer exists (kill -9) is taken over: that is exactly the restart static stability needs.
 */
function takeLock(path) {
    for (let attempt = 0; attempt < 2; attempt++) {
        try {
            // O_EXCL: a planted file or symlink at the lock's path is never written through.
            const fd = openPrivate(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL);
            try {
                writeSync(fd, String(process.pid));
            }
            finally {
                closeSync(fd);
            }
            return;
        }
        catch (error) {
            if (error.code !== 'EEXIST')
                throw error;
        }
        refuseSymlink(path);
        const owner = Number(readFileSync(path, 'utf8').trim());
        if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && processAlive(owner)) {
            throw new Error(`data dir ${dirname(path)} is in use by process ${owner}`);
        }
        rmSync(path, { force: true });
    }
    throw new Error(`could not lock ${path}`);
}
function processAlive(pid) {
    try {
        process.kill(pid, 0);
        return true;
    }
    catch (error) {
        return error.code === 'EPERM';
    }
}
function fsyncDirectory(dir) {
    const fd = openSync(dir, 'r');
    try {
        fsyncSync(fd);
    }
    finally {
        closeSync(fd);
    }
}
/** Reads and checks every complete line; throws StoredDataError naming `path:line` on damage. */
function readJournal(path, snapshotSeq) {
    if (!existsSync(path))
        return { entries: [], completeBytes: 0, tornBytes: 0 };
    refuseSymlink(path);
    const bytes = readFileSync(path);
    const entries = [];
    let start = 0;
    // One pass over the file; every turn consumes a line, so the loop ends with the bytes.
    for (let line = 1; start < bytes.length; line++) {
        const end = bytes.indexOf(0x0a, start);
        if (end < 0)
            break;
        const entry = checkedEntry(bytes.toString('utf8', start, end), entries.at(-1)?.seq ?? null, snapshotSeq, `${path}:${line}`);
        entries.push(entry);
        start = end + 1;
    }
    return { entries, completeBytes: start, tornBytes: bytes.length - start };
}
function checkedEntry(text, previousSeq, snapshotSeq, where) {
    let entry;
    try {
        entry = parseEntryLine(text);
    }
    catch (error) {
        throw error instanceof StoredDataError ? new StoredDataError(`${where}: ${error.message}`) : error;
    }
    if (previousSeq !== null && entry.seq !== previousSeq + 1) {
        throw new StoredDataError(`${where}: seq ${entry.seq} follows seq ${previousSeq}: the journal must hold every transaction once, in order`);
    }
    // The first line may already be in the snapshot (a crash between snapshot and truncation),
    // but must not leave a hole after it.
    if (previousSeq === null && entry.seq > snapshotSeq + 1) {
        throw new StoredDataError(`${where}: seq ${entry.seq} follows the snapshot's seq ${snapshotSeq}: transactions ${snapshotSeq + 1}..${entry.seq - 1} are missing`);
    }
    return entry;
}
//# sourceMappingURL=persistence.js.map