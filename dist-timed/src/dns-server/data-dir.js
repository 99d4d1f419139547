/**
 * Is a data dir usable, before anything is written into it? A process that finds out halfway
 * (a journal opened, a token written, then EACCES) leaves partial state behind and a stack trace;
 * this check answers with one line naming the path and the reason, and leaves nothing behind:
 * the directories it created for the check are removed again when the check fails.
 *
 *   const problem = dataDirProblem('/var/lib/dnsplane');   // null: usable
 */
import { closeSync, constants, fsyncSync, lstatSync, mkdirSync, openSync, rmdirSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
/** An unusable data dir, as one line for the operator (`dnsplane up` exits 2 with it). */
export class DataDirUnwritable extends Error {
    name = 'DataDirUnwritable';
}
const DATA_DIR_MODE = 0o700;
/** Null when `path` is (or could be created as) a directory this process can write and fsync into. */
export function dataDirProblem(path) {
    const absolute = resolve(path);
    const created = missingAncestors(absolute);
    try {
        mkdirSync(absolute, { recursive: true, mode: DATA_DIR_MODE });
        if (!lstatSync(absolute).isDirectory())
            return `data dir ${absolute} is not a directory`;
        probeWrite(absolute);
        return null;
    }
    catch (error) {
        removeCreated(created);
        return `data dir ${absolute} is not writable: ${reason(error)}`;
    }
}
/** Throws DataDirUnwritable when the data dir cannot be used. */
export function assertDataDirWritable(path) {
    const problem = dataDirProblem(path);
    if (problem !== null)
        throw new DataDirUnwritable(problem);
}
/** The directories mkdir -p would create for `path`, deepest first. */
function missingAncestors(path) {
    const missing = [];
    for (let at = path;; at = dirname(at)) {
        if (exists(at))
            return missing;
        missing.push(at);
        if (dirname(at) === at)
            return missing;
    }
}
function exists(path) {
    try {
        lstatSync(path);
        return true;
    }
    catch {
        return false;
    }
}
/** Creates, writes, fsyncs and removes a file: what the journal and the snapshot will need. */
function probeWrite(dir) {
    const probe = join(dir, `.write-probe-${process.pid}`);
    const fd = openSync(probe, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
    try {
        writeSync(fd, 'probe\n');
        fsyncSync(fd);
    }
    finally {
        closeSync(fd);
        unlinkSync(probe);
    }
}
function removeCreated(created) {
    for (const dir of created) {
        try {
            rmdirSync(dir);
        }
        catch {
            // Never created (mkdir failed above it) or no longer empty: nothing of ours to remove.
        }
    }
}
const REASONS = {
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EROFS: 'read-only file system',
    ENOTDIR: 'a component of the path is not a directory',
    EEXIST: 'a file of that name is in the way',
    ENOSPC: 'no space left on the device',
    EDQUOT: 'disk quota exceeded',
    ELOOP: 'the path is a symbolic link loop',
    ENAMETOOLONG: 'the path is too long',
};
function reason(error) {
    const code = error.code;
    if (code !== undefined && REASONS[code] !== undefined)
        return `${REASONS[code]} (${code})`;
    return error instanceof Error ? error.message : String(error);
}
//# sourceMappingURL=data-dir.js.map