/**
 * `dnsplane sim replay|explore|run`: parse, run, print. No simulation logic lives here.
 *
 *   sim replay incident-2025-10-20 --protocol legacy|fenced [--mitigations all|none|LIST] [--seed N] [--json] [--report FILE.html]
 *   sim replay incident-2025-10-20 --compare [--mitigations …] [--seed N] [--json] [--report FILE.html]   (both protocols, one page)
 *   sim explore --protocol legacy|fenced --seeds N [--jobs J] [--seed-start S] [--skip-fence] [--json]
 *   sim run --seed N --protocol legacy|fenced [--skip-fence] [--all-faults] [--json]
 *   sim run --scenario NAME [--seed N] [--json]        (a named regression scenario; --scenario list names them)
 *
 * Exit codes: 0 done (a legacy replay showing the incident is a success), 1 violations found where
 * none may be (fenced replay, explore, run), 2 usage error.
 */
import { writeFileSync } from 'node:fs';
import { DOWNSTREAM_MITIGATIONS } from '../sim/cascade/cascade-model.js';
import { explore } from '../sim/explore/explorer.js';
import { randomConfig } from '../sim/explore/random-config.js';
import { renderComparisonHtml, renderReplayHtml, replayJson } from '../sim/report/replay-report.js';
import { INCIDENT_DEFAULT_SEED, INCIDENT_SCENARIO, replayIncident } from '../sim/scenarios/incident-replay.js';
import { REGRESSION_SCENARIOS, regressionScenario } from '../sim/scenarios/regressions.js';
import { formatDuration, formatPdt } from '../sim/scenarios/incident-time.js';
import { runSimulation } from '../sim/world/run.js';
import { SIM_USAGE } from './sim-usage.js';
import { humanDuration } from './output.js';
const USAGE = `usage:
${SIM_USAGE}`;
class UsageError extends Error {
}
const SWITCHES = new Set(['json', 'skip-fence', 'all-faults', 'help', 'compare']);
function parseFlags(args) {
    const positional = [];
    const values = new Map();
    const switches = new Set();
    for (let i = 0; i < args.length; i++) {
        const arg = args[i];
        if (!arg.startsWith('--')) {
            positional.push(arg);
            continue;
        }
        const [name, inline] = arg.slice(2).split('=', 2);
        if (SWITCHES.has(name)) {
            switches.add(name);
            continue;
        }
        const value = inline ?? args[++i];
        if (value === undefined)
            throw new UsageError(`--${name} needs a value`);
        values.set(name, value);
    }
    return { positional, values, switches };
}
function protocolOf(flags) {
    const value = flags.values.get('protocol');
    if (value === 'legacy' || value === 'fenced')
        return value;
    throw new UsageError(`--protocol must be legacy or fenced, got ${value ?? 'nothing'}`);
}
function integerOf(flags, name, fallback) {
    const value = flags.values.get(name);
    if (value === undefined) {
        if (fallback === undefined)
            throw new UsageError(`--${name} is required`);
        return fallback;
    }
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < 0)
        throw new UsageError(`--${name} must be a non-negative integer, got ${value}`);
    return n;
}
function mitigationsOf(flags) {
    const value = flags.values.get('mitigations') ?? 'none';
    if (value === 'none')
        return new Set();
    if (value === 'all')
        return new Set(DOWNSTREAM_MITIGATIONS);
    const chosen = new Set();
    for (const name of value.split(',').map((s) => s.trim()).filter(Boolean)) {
        // The fenced DNS mitigation is the protocol itself (--protocol fenced).
        if (name === 'fenced-dns' || name === 'fenced')
            continue;
        const known = DOWNSTREAM_MITIGATIONS.find((m) => m === name);
        if (known === undefined)
            throw new UsageError(`unknown mitigation '${name}' (known: ${DOWNSTREAM_MITIGATIONS.join(', ')})`);
        chosen.add(known);
    }
    return chosen;
}
export async function runSimCommand(argv) {
    const args = argv[0] === 'sim' ? argv.slice(1) : argv;
    try {
        const flags = parseFlags(args.slice(1));
        if (flags.switches.has('help')) {
            console.log(USAGE);
            return 0;
        }
        switch (args[0]) {
            case 'replay': return await replayCommand(flags);
            case 'explore': return await exploreCommand(flags);
            case 'run': return await runCommand(flags);
            default: throw new UsageError(`unknown sim command '${args[0] ?? ''}'`);
        }
    }
    catch (error) {
        if (!(error instanceof UsageError))
            throw error;
        if (args.includes('--json'))
            console.log(JSON.stringify({ error: { command: 'sim', kind: 'usage', message: error.message }, exitCode: 2 }));
        else
            process.stderr.write(`dnsplane sim: ${error.message}\n${USAGE}\n`);
        return 2;
    }
}
async function replayCommand(flags) {
    const scenario = flags.positional[0] ?? INCIDENT_SCENARIO;
    if (scenario !== INCIDENT_SCENARIO)
        throw new UsageError(`unknown scenario '${scenario}' (known: ${INCIDENT_SCENARIO})`);
    if (flags.switches.has('compare'))
        return compareCommand(flags);
    const protocol = protocolOf(flags);
    const seed = integerOf(flags, 'seed', INCIDENT_DEFAULT_SEED);
    const result = await replayIncident({ protocol, mitigations: mitigationsOf(flags), seed });
    const reportPath = flags.values.get('report');
    if (reportPath !== undefined)
        writeFileSync(reportPath, renderReplayHtml(result));
    if (flags.switches.has('json'))
        console.log(JSON.stringify(replayJson(result), null, 2));
    else {
        console.log(`${INCIDENT_SCENARIO}: protocol ${protocol}, mitigations ${result.mitigations.join(',') || 'none'}, seed ${seed}`);
        console.log(`  empty answers: ${formatDuration(result.emptyAnswerMs)}; violations: ${result.violations.length}; converged: ${result.converged}`);
        printViolations(result.violations.slice(0, 5));
        for (const p of result.phases)
            console.log(`  ${formatPdt(p.atMs)}  ${p.component.padEnd(15)} ${p.event}`);
        for (const w of result.published)
            console.log(`  impact ${w.component.padEnd(14)} published ${formatDuration(w.publishedMs)}  simulated ${formatDuration(w.simulatedMs)}  (${(w.deviation * 100).toFixed(1)}%)`);
        if (reportPath !== undefined)
            console.log(`  report: ${reportPath}`);
    }
    return protocol === 'fenced' && result.violations.length > 0 ? 1 : 0;
}
/** `replay --compare`: both protocols on the same seed and mitigations, one comparison page. */
async function compareCommand(flags) {
    if (flags.values.has('protocol'))
        throw new UsageError('--compare runs both protocols: leave out --protocol');
    const seed = integerOf(flags, 'seed', INCIDENT_DEFAULT_SEED);
    const mitigations = mitigationsOf(flags);
    const legacy = await replayIncident({ protocol: 'legacy', mitigations, seed });
    const fenced = await replayIncident({ protocol: 'fenced', mitigations, seed });
    const reportPath = flags.values.get('report');
    if (reportPath !== undefined)
        writeFileSync(reportPath, renderComparisonHtml(legacy, fenced));
    if (flags.switches.has('json'))
        console.log(JSON.stringify({ legacy: replayJson(legacy), fenced: replayJson(fenced) }, null, 2));
    else {
        console.log(`${INCIDENT_SCENARIO}: legacy vs fenced, mitigations ${legacy.mitigations.join(',') || 'none'}, seed ${seed}`);
        for (const r of [legacy, fenced])
            console.log(`  ${r.protocol.padEnd(7)} empty answers ${formatDuration(r.emptyAnswerMs)}; violations ${r.violations.length}; converged ${r.converged}`);
        if (reportPath !== undefined)
            console.log(`  report: ${reportPath}`);
    }
    return fenced.violations.length > 0 ? 1 : 0;
}
async function exploreCommand(flags) {
    const protocol = protocolOf(flags);
    const report = await explore({
        protocol, seedFirst: integerOf(flags, 'seed-start', 1), seeds: integerOf(flags, 'seeds'), jobs: Math.max(1, integerOf(flags, 'jobs', 1)),
        skipFence: flags.switches.has('skip-fence'), allFaults: flags.switches.has('all-faults'),
        ...progressReporter(flags.switches.has('json')),
    });
    clearProgress(flags.switches.has('json'));
    const violations = report.failures.flatMap((f) => f.violations);
    if (flags.switches.has('json')) {
        console.log(JSON.stringify({
            protocol, seeds: { first: report.seedFirst, count: report.seedsRun }, violations: violations.map(violationJson),
            failingSeeds: report.failures.map((f) => ({ seed: f.seed, crashes: f.crashes, trace: f.traceTail })),
            emptyAnswerMs: report.emptyAnswerMs, converged: report.unconverged === 0, unconverged: report.unconverged,
            wallMs: Math.round(report.wallMs), seedsPerSecond: Number(report.seedsPerSecond.toFixed(1)), workers: report.workers,
        }, null, 2));
    }
    else {
        console.log(`explored ${report.seedsRun} seeds (${protocol}) in ${(report.wallMs / 1000).toFixed(1)} s on ${report.workers} worker(s): ${report.seedsPerSecond.toFixed(1)} seeds/s`);
        console.log(`failing seeds: ${report.failures.length}; unconverged: ${report.unconverged}; empty answer time: ${report.emptyAnswerMs} ms`);
        for (const f of report.failures.slice(0, 10)) {
            console.log(`\n--seed ${f.seed}  (reproduce: dnsplane sim run --seed ${f.seed} --protocol ${protocol}${flags.switches.has('skip-fence') ? ' --skip-fence' : ''})`);
            printViolations(f.violations.slice(0, 3));
            for (const c of f.crashes.slice(0, 3))
                console.log(`  EXCEPTION ${c}`);
            for (const line of f.traceTail)
                console.log(`    ${line}`);
        }
    }
    return report.failures.length > 0 ? 1 : 0;
}
async function runCommand(flags) {
    const scenarioName = flags.values.get('scenario');
    if (scenarioName !== undefined)
        return scenarioCommand(flags, scenarioName);
    const protocol = protocolOf(flags);
    const seed = integerOf(flags, 'seed');
    const result = await runSimulation(randomConfig(seed, { protocol, skipFence: flags.switches.has('skip-fence'), allFaults: flags.switches.has('all-faults') }));
    if (flags.switches.has('json')) {
        console.log(JSON.stringify({
            protocol, seed, violations: result.violations.map(violationJson), crashes: result.crashes, emptyAnswerMs: result.emptyAnswerMs,
            converged: result.converged, traceHash: result.traceHash, events: result.eventsRun, trace: result.traceTail,
        }, null, 2));
    }
    else {
        console.log(`--seed ${seed} (${protocol}): ${result.violations.length} violation(s), converged ${result.converged}, empty ${result.emptyAnswerMs} ms, ${result.eventsRun} events, trace ${result.traceHash}`);
        printViolations(result.violations.slice(0, 10));
        for (const line of result.traceTail)
            console.log(`    ${line}`);
    }
    return result.violations.length > 0 || result.crashes.length > 0 ? 1 : 0;
}
async function scenarioCommand(flags, name) {
    if (name === 'list') {
        for (const s of REGRESSION_SCENARIOS)
            console.log(`${s.name.padEnd(42)} ${s.finding}`);
        return 0;
    }
    const scenario = regressionScenario(name);
    if (scenario === undefined)
        throw new UsageError(`unknown scenario '${name}' (known: ${REGRESSION_SCENARIOS.map((s) => s.name).join(', ')})`);
    const seed = integerOf(flags, 'seed', 1);
    const result = await runSimulation(scenario.config(seed));
    const problem = scenario.expect?.(result) ?? null;
    if (flags.switches.has('json')) {
        console.log(JSON.stringify({
            scenario: name, seed, violations: result.violations.map(violationJson), crashes: result.crashes, problem, converged: result.converged,
            emptyAnswerMs: result.emptyAnswerMs, traceHash: result.traceHash, trace: result.traceTail,
        }, null, 2));
    }
    else {
        console.log(`--scenario ${name} --seed ${seed}: ${result.violations.length} violation(s), converged ${result.converged}, empty ${result.emptyAnswerMs} ms, trace ${result.traceHash}`);
        console.log(`  finding: ${scenario.finding}`);
        if (problem !== null)
            console.log(`  PROBLEM ${problem}`);
        printViolations(result.violations.slice(0, 10));
        for (const line of result.traceTail)
            console.log(`    ${line}`);
    }
    return result.violations.length > 0 || result.crashes.length > 0 || problem !== null || !result.converged ? 1 : 0;
}
function violationJson(v) {
    return { invariant: v.invariant, endpoint: v.endpoint, atMs: v.atMs, seed: v.seed, detail: v.detail };
}
function printViolations(violations) {
    for (const v of violations)
        console.log(`  ${v.invariant} ${v.endpoint} at ${v.atMs} ms (--seed ${v.seed}): ${v.detail}`);
}
/** A progress line on stderr, only for a person at a terminal: never in --json, never into a pipe or file. */
function showsProgress(json) {
    return !json && process.stderr.isTTY === true;
}
function progressReporter(json) {
    if (!showsProgress(json))
        return {};
    const startedAt = performance.now();
    let lastDrawMs = 0;
    return {
        onProgress: (done, total) => {
            const now = performance.now();
            if (now - lastDrawMs < 200 && done < total)
                return;
            lastDrawMs = now;
            const width = 30;
            const filled = total === 0 ? width : Math.round((done / total) * width);
            const elapsed = now - startedAt;
            const eta = done === 0 ? '' : `, about ${humanDuration((elapsed / done) * (total - done))} left`;
            process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} seeds, ${humanDuration(elapsed)}${eta}   `);
        },
    };
}
function clearProgress(json) {
    if (showsProgress(json))
        process.stderr.write('\r\x1b[2K');
}
//# sourceMappingURL=sim-commands.js.map