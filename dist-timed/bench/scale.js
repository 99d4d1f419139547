/**
 * Scaling curves (`npm run bench -- scale`): change → answer p50/p99, memory per component, and a
 * real `dnsplane up`'s convergence time and peak RSS at 1,000, 10,000 and 100,000 endpoints, each
 * with 8 and with 32 load balancers per endpoint, so the growth is visible. Every point runs in a
 * process of its own (bench/scale-point.ts), so one point's heap does not weigh on the next and a
 * point that passes its bound is stopped with everything it started (its process group, by PID)
 * and reported as given up, while the others still report.
 *
 *   DNSPLANE_BENCH_SCALE_POINTS=1000x8,10000x8   only these points
 */
import { spawn } from 'node:child_process';
export const SCALE_POINTS_DEFAULT = [
    [1_000, 8], [10_000, 8], [100_000, 8], [1_000, 32], [10_000, 32], [100_000, 32],
];
/** A bound per point growing with its size (addresses), from 3 minutes up to 15. */
export function pointBoundMs(endpoints, perEndpoint) {
    const minutes = Math.min(15, 3 + (12 * endpoints * perEndpoint) / 800_000);
    return minutes * 60_000;
}
/** Fewer samples on the largest points: each one is a Planner tick and an Enactor tick. */
function changesFor(endpoints) {
    return endpoints >= 100_000 ? 15 : 40;
}
export function scalePointsFromEnv(text) {
    if (text === undefined || text.trim() === '')
        return SCALE_POINTS_DEFAULT;
    return text.split(',').map((item) => {
        const match = /^\s*(\d+)x(\d+)\s*$/.exec(item);
        if (match === null)
            throw new Error(`DNSPLANE_BENCH_SCALE_POINTS: '${item}' is not ENDPOINTSxPER_ENDPOINT`);
        return [Number(match[1]), Number(match[2])];
    });
}
export async function benchScale(points, onOutcome = () => undefined) {
    const outcomes = [];
    for (const [endpoints, perEndpoint] of points) {
        const outcome = await runPoint(endpoints, perEndpoint, pointBoundMs(endpoints, perEndpoint));
        outcomes.push(outcome);
        onOutcome(outcome);
    }
    return outcomes;
}
async function runPoint(endpoints, perEndpoint, boundMs) {
    const script = new URL('./scale-point.js', import.meta.url).pathname;
    const started = performance.now();
    // A process group of its own: on the bound, the point, its `dnsplane up` and its DNS watcher go together.
    const child = spawn(process.execPath, [script, String(endpoints), String(perEndpoint), String(changesFor(endpoints))], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => { stdout += chunk.toString(); });
    child.stderr.on('data', (chunk) => { stderr = (stderr + chunk.toString()).slice(-2000); });
    let timedOut = false;
    const timer = setTimeout(() => {
        timedOut = true;
        stopGroup(child.pid);
    }, boundMs);
    const code = await new Promise((resolve) => child.once('exit', (c) => resolve(c)));
    clearTimeout(timer);
    // Whatever the point left behind (its `up` when it failed midway).
    stopGroup(child.pid);
    const wallMs = performance.now() - started;
    if (timedOut)
        return { kind: 'gave-up', endpoints, perEndpoint, reason: `not finished within ${Math.round(boundMs / 60_000)} min`, wallMs };
    const line = stdout.trim().split('\n').pop() ?? '';
    if (code !== 0 || !line.startsWith('{'))
        return { kind: 'gave-up', endpoints, perEndpoint, reason: `exited ${code}: ${stderr.split('\n').filter((l) => l.trim() !== '').pop() ?? ''}`, wallMs };
    return { kind: 'measured', point: JSON.parse(line), wallMs };
}
function stopGroup(pid) {
    if (pid === undefined)
        return;
    try {
        process.kill(-pid, 'SIGKILL');
    }
    catch {
        // the group is gone already
    }
}
/** A percentile of no samples (every change unseen) is NaN, which JSON carries as null. */
export function formatMs(ms) {
    return ms === null || !Number.isFinite(ms) ? '—' : ms.toFixed(1);
}
export function formatScale(outcomes) {
    const header = 'endpoints × LBs   change→answer p50 / p99 ms   up converged s   up peak RSS MiB   in-process RSS MiB   largest components (RSS MiB)';
    const rows = outcomes.map((o) => {
        if (o.kind === 'gave-up')
            return `${`${o.endpoints} × ${o.perEndpoint}`.padEnd(16)}  gave up: ${o.reason}`;
        const p = o.point;
        const largest = [...p.memory].sort((a, b) => b.rssMiB - a.rssMiB).slice(0, 3).map((c) => `${c.component.split(' (')[0].split(':')[0]} ${c.rssMiB.toFixed(0)}`).join(', ');
        return [
            `${p.endpoints} × ${p.perEndpoint}`.padEnd(16),
            `${formatMs(p.changeToAnswerP50Ms)} / ${formatMs(p.changeToAnswerP99Ms)}${p.changesNotSeen > 0 ? ` (${p.changesNotSeen} not seen)` : ''}`.padStart(27),
            (p.upConvergedMs / 1000).toFixed(1).padStart(16),
            p.upPeakRssMiB.toFixed(0).padStart(17),
            p.inProcessRssMiB.toFixed(0).padStart(20),
            `  ${largest}`,
        ].join(' ');
    });
    return [header, ...rows].join('\n');
}
//# sourceMappingURL=scale.js.map