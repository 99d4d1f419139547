/**
 * Progress of `dnsplane up` while it starts: loading the config, starting the DNS server and the
 * control plane, then the initial sync — every managed name written to every provider for the
 * first time, which takes minutes for a large fleet on an RFC 2136 server.
 *
 * For a person at a terminal (stderr a TTY, no --json) it is one line at the bottom of stderr,
 * redrawn in place; log lines are written above it. Anywhere else (a pipe, a file, journald, and
 * with --json) there is no bar: the same facts arrive as ordinary log lines, at most one every
 * SYNC_LOG_INTERVAL_MS, and one when the sync is done.
 */
import { syncProgressOf } from '../app/live-state.js';
import { humanDuration } from './output.js';
/** How often the terminal line is redrawn. */
export const PROGRESS_DRAW_INTERVAL_MS = 250;
/** How often the sync is looked at (the live-state cache behind it reads every second). */
export const SYNC_POLL_INTERVAL_MS = 500;
/** Without a terminal: a log line about the sync at most this often while it runs. */
export const SYNC_LOG_INTERVAL_MS = 5000;
/** The watch gives up after this long (a provider down for good); status tells the rest. */
export const SYNC_WATCH_MS_MAX = 30 * 60_000;
const BAR_WIDTH = 20;
/** The bottom line of a terminal; on anything else it draws nothing and only passes lines through. */
export class ProgressLine {
    stream;
    onTerminal;
    text = '';
    drawn = false;
    constructor(stream, onTerminal) {
        this.stream = stream;
        this.onTerminal = onTerminal;
    }
    /** The log's writer: on a terminal the line is cleared, the log line written, the line drawn again. */
    writeLine = (line) => {
        if (!this.drawn) {
            this.stream.write(`${line}\n`);
            return;
        }
        this.stream.write(`\r\x1b[2K${line}\n${this.fitted()}`);
    };
    show(text) {
        if (!this.onTerminal)
            return;
        this.text = text;
        this.drawn = true;
        this.stream.write(`\r\x1b[2K${this.fitted()}`);
    }
    clear() {
        if (!this.drawn)
            return;
        this.drawn = false;
        this.text = '';
        this.stream.write('\r\x1b[2K');
    }
    /** Cut to the terminal's width: a wrapped line could not be redrawn in place. */
    fitted() {
        // A terminal that reports no size (0, as under script(1)) gets the usual 80 columns.
        const reported = this.stream.columns ?? 0;
        const columns = Math.max(20, (reported > 0 ? reported : 80) - 1);
        return this.text.length <= columns ? this.text : `${this.text.slice(0, columns - 1)}…`;
    }
}
/** A step of the start with its elapsed time, redrawn while it runs (a terminal only). */
export async function step(line, label, work) {
    const startedAt = performance.now();
    const draw = () => line.show(`${label}… ${humanDuration(performance.now() - startedAt)}`);
    draw();
    const timer = line.onTerminal ? setInterval(draw, PROGRESS_DRAW_INTERVAL_MS) : null;
    try {
        return await work();
    }
    finally {
        if (timer !== null)
            clearInterval(timer);
        line.clear();
    }
}
/**
 * Watches the initial sync: the target is the newest generation when the watch first sees one
 * (on a restart, usually already live: the watch ends at once). A later plan does not move the
 * target; from then on it is ordinary operation, which status and /metrics show.
 */
export function watchInitialSync(source, line, log) {
    const startedAt = performance.now();
    let target = null;
    let lastLogMs = startedAt;
    let stopped = false;
    let wake = () => undefined;
    const finished = new Promise((resolve) => { wake = resolve; });
    const end = () => {
        stopped = true;
        clearInterval(timer);
        line.clear();
        wake();
    };
    const look = async () => {
        target ??= await source.newestGeneration();
        if (stopped)
            return;
        const elapsedMs = performance.now() - startedAt;
        const progress = target === null ? null : syncProgressOf(source.live(), source.endpoints, target);
        if (progress !== null && progress.every((p) => p.synced === p.endpoints)) {
            log('info', { msg: `initial sync done: generation ${target} on every provider`, ms: Math.round(elapsedMs), providers: describe(progress) });
            end();
            return;
        }
        if (elapsedMs > SYNC_WATCH_MS_MAX) {
            log('warn', { msg: `initial sync not done after ${humanDuration(elapsedMs)}; no more progress shown (dnsplane status)`, providers: progress === null ? 'no plan yet' : describe(progress) });
            end();
            return;
        }
        line.show(syncLine(target, progress, elapsedMs));
        if (!line.onTerminal && performance.now() - lastLogMs >= SYNC_LOG_INTERVAL_MS) {
            lastLogMs = performance.now();
            log('info', { msg: target === null ? 'initial sync: waiting for the first plan' : `initial sync: generation ${target}`, ms: Math.round(elapsedMs), ...(progress === null ? {} : { providers: describe(progress) }) });
        }
    };
    let looking = null;
    const timer = setInterval(() => {
        // One look at a time: a slow store answer does not pile looks up.
        looking ??= look().finally(() => { looking = null; });
    }, SYNC_POLL_INTERVAL_MS);
    return { finished, stop: () => { if (!stopped)
            end(); } };
}
/** `embedded 5000/5000, bind 1200/5000 (down since 12:00:01Z)` */
function describe(progress) {
    return progress.map((p) => `${p.provider} ${p.synced}/${p.endpoints}${p.reachable ? '' : p.downSinceMs === null ? ' (not read yet)' : ` (down since ${new Date(p.downSinceMs).toISOString()})`}`).join(', ');
}
/** `initial sync [########............] 40%  embedded 1000/1000  bind 0/1000 DOWN  generation 1, 12.1 s` */
function syncLine(target, progress, elapsedMs) {
    if (target === null || progress === null)
        return `initial sync: waiting for the first plan… ${humanDuration(elapsedMs)}`;
    const synced = progress.reduce((sum, p) => sum + p.synced, 0);
    const total = progress.reduce((sum, p) => sum + p.endpoints, 0);
    const share = total === 0 ? 1 : synced / total;
    const filled = Math.round(share * BAR_WIDTH);
    const providers = progress.map((p) => `${p.provider} ${p.synced}/${p.endpoints}${p.reachable ? '' : ' DOWN'}`).join('  ');
    return `initial sync [${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${Math.floor(share * 100)}%  ${providers}  generation ${target}, ${humanDuration(elapsedMs)}`;
}
//# sourceMappingURL=start-progress.js.map