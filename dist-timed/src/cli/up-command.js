/**
 * `dnsplane up`: the whole system in one process. With no --config it runs the demo fleet:
 * four local HTTP "load balancers" it starts itself, so that `dig` shows it working and
 * `dnsplane demo stop lb-a1` visibly changes the answer.
 *
 * Signals: SIGTERM and SIGINT stop cleanly at any time, start-up included (the transactions in
 * flight finish; exit 0); SIGHUP reloads the config file (validated first; an invalid one is
 * refused and the running one kept; what changed is logged).
 *
 * A large start shows its progress (start-progress.ts): a line at the bottom of a terminal, log
 * lines anywhere else.
 */
import { statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { demoConfig, formatConfigIssues, httpListenProblem, isLoopbackHost, loadConfigFile, parseHostPort } from '../app/config/index.js';
import { dataDirProblem } from '../app/data-dir-check.js';
import { DemoFleet } from '../app/demo-fleet.js';
import { listenProblem } from '../app/listen-check.js';
import { startRuntime, StartupError } from '../app/runtime.js';
import { startHttpApi } from '../api/http-api.js';
import { ensureLocalToken, loadTokens, LOCAL_TOKEN_FILE } from '../api/tokens.js';
import { UsageError, parseCommandArgs, stringOption } from './args.js';
import { levelLogger, LOG_LEVELS } from './log.js';
import { ProgressLine, step, watchInitialSync } from './start-progress.js';
export const UP_USAGE = `dnsplane up [--config FILE] [--data-dir DIR] [--dns-listen HOST:PORT] [--http-listen HOST:PORT] [--log-level LEVEL] [--json]
  Runs the plan store, Planner, Enactors, health checker, embedded DNS server and HTTP API.
  --config FILE        the fleet (see docs/configuration.md); without it, a demo fleet
  --data-dir DIR       plans, zone journal, snapshots and the generated API token (default ./dnsplane-data)
  --dns-listen, --http-listen   override the config's listen addresses (port 0: any free port)
  --log-level LEVEL    ${LOG_LEVELS.join(', ')} (default info); logs are JSON lines on stderr
  --json               the start-up summary as one JSON object on stdout
  On a terminal a progress line shows the start (config, DNS server, initial sync per provider);
  elsewhere, and with --json, log lines do (docs/operations.md).
  SIGHUP reloads --config; SIGTERM or SIGINT stops (exit 0).`;
const DEMO_LB_PORTS = [18081, 18082, 18083, 18084];
const DEMO_LB_IDS = ['lb-a1', 'lb-a2', 'lb-b1', 'lb-b2'];
/** Set by the first SIGTERM/SIGINT, whenever it comes; start-up checks it between steps. */
class StopSignal {
    log;
    received = null;
    wake = () => undefined;
    arrived = new Promise((resolve) => { this.wake = resolve; });
    constructor(log) {
        this.log = log;
        for (const signal of ['SIGTERM', 'SIGINT']) {
            takeOverSignal(signal, () => {
                if (this.received !== null)
                    return;
                this.received = signal;
                this.log('info', { msg: `stopping: ${signal} received`, phase: this.phase });
                this.wake();
            });
        }
    }
    phase = 'starting';
}
/**
 * Replaces the launcher's handlers (bin/dnsplane.js, which covered module loading) with `handler`.
 * The new one is added before the old ones go: with no listener at all, even for an instant, Node
 * stops watching the signal and one already pending is lost.
 */
function takeOverSignal(signal, handler) {
    const before = process.listeners(signal);
    process.on(signal, handler);
    for (const listener of before)
        process.removeListener(signal, listener);
}
export async function upCommand(argv) {
    const { values } = parseCommandArgs(argv, {
        config: { type: 'string' }, 'data-dir': { type: 'string' }, 'dns-listen': { type: 'string' }, 'http-listen': { type: 'string' },
        'log-level': { type: 'string' }, json: { type: 'boolean' },
    });
    // A progress line only for a person at a terminal: never with --json, never into a pipe or file.
    const progress = new ProgressLine(process.stderr, process.stderr.isTTY === true && values['json'] !== true);
    const log = levelLogger(stringOption(values, 'log-level') ?? 'info', progress.writeLine);
    // Before anything else: a signal during start-up is a clean stop, and a SIGHUP before the
    // reload handler exists must not kill the process (Node's default for SIGHUP).
    const stop = new StopSignal(log);
    let reload = async () => log('warn', { msg: 'SIGHUP ignored: still starting' });
    takeOverSignal('SIGHUP', () => void reload());
    const dataDir = resolve(stringOption(values, 'data-dir') ?? 'dnsplane-data');
    const configPath = stringOption(values, 'config');
    const loadStartedAt = performance.now();
    const loaded = await initialConfig(configPath, dataDir, values, progress);
    if (typeof loaded === 'number')
        return loaded;
    const loadMs = Math.round(performance.now() - loadStartedAt);
    const { config, demo } = loaded;
    const stopEarly = async () => {
        await demo?.close();
        log('info', { msg: 'stopped', phase: 'starting' });
        return 0;
    };
    if (stop.received !== null)
        return stopEarly();
    const listenChecked = await checkListenAddresses(config);
    if (listenChecked !== null) {
        await demo?.close();
        throw new UsageError(listenChecked);
    }
    if (configPath !== undefined)
        log('info', { msg: 'config loaded', config: configPath, endpoints: config.fleet.endpoints.length, loadBalancers: config.fleet.loadBalancers.length, ms: loadMs });
    // Only now, with a valid config: bad input leaves no trace, not even an empty data dir. An
    // unwritable one is one line and exit 2, before anything (the API token, the journal) is written.
    const dataDirUnusable = dataDirProblem(dataDir);
    if (dataDirUnusable !== null) {
        await demo?.close();
        throw new StartupError(dataDirUnusable, 2);
    }
    const security = apiSecurity(config, dataDir);
    if (typeof security === 'string') {
        await demo?.close();
        process.stderr.write(`${security}\n`);
        return 2;
    }
    if (stop.received !== null)
        return stopEarly();
    const runtime = await step(progress, `starting the DNS server and the control plane (${config.fleet.endpoints.length} endpoints)`, () => startRuntime({ config, dataDir, log: (line) => log.line(line), ...(demo ? { demo } : {}) }));
    let api;
    try {
        api = await startHttpApi(runtime, { listen: config.http.listen, security });
    }
    catch (error) {
        await runtime.stop();
        throw new StartupError(`cannot listen for HTTP on ${config.http.listen.host}:${config.http.listen.port}: ${error instanceof Error ? error.message : String(error)}`, 2);
    }
    let sync = null;
    if (stop.received === null) {
        announce(runtime, api, dataDir, security.generatedTokenFile, values['json'] === true);
        reload = reloader(runtime, api, configPath, dataDir, values, log);
        stop.phase = 'running';
        sync = watchSync(runtime, progress, log);
        await stop.arrived;
    }
    sync?.stop();
    log('info', { msg: 'stopping: finishing transactions in flight' });
    await api.close();
    await runtime.stop();
    log('info', { msg: 'stopped' });
    return 0;
}
async function initialConfig(configPath, dataDir, values, progress) {
    const overrides = listenOverrides(values);
    if (configPath === undefined) {
        if (overrides.http !== undefined && !isLoopbackHost(overrides.http.host)) {
            throw new UsageError(`the demo fleet serves its API on loopback only (no tokens are configured); got --http-listen ${overrides.http.host}:${overrides.http.port}`);
        }
        const demo = await DemoFleet.start(DEMO_LB_IDS, DEMO_LB_PORTS);
        return { config: demoConfig({ dataDir, lbPorts: demo.ports(), ...overridesText(values) }), demo };
    }
    const loaded = await step(progress, `loading ${configPath}${sizeText(configPath)}`, () => loadConfigFile(configPath, { dataDir }));
    if (!loaded.ok) {
        process.stderr.write(`${formatConfigIssues(loaded.errors)}\n`);
        return 2;
    }
    return { config: withListenOverrides(loaded.config, overrides) };
}
function sizeText(path) {
    try {
        return ` (${(statSync(path).size / 1024 / 1024).toFixed(1)} MB)`;
    }
    catch {
        return '';
    }
}
/** The initial sync, from the live-state cache and the store; the endpoint count follows a reload. */
function watchSync(runtime, progress, log) {
    return watchInitialSync({
        newestGeneration: async () => {
            const listed = await runtime.listPlans();
            return listed.ok ? (listed.value[listed.value.length - 1]?.generation ?? null) : null;
        },
        live: () => runtime.live(),
        get endpoints() { return runtime.config.fleet.endpoints.length; },
    }, progress, log);
}
/** The --dns-listen/--http-listen values, checked as the config checks them (a usage error, exit 2). */
function listenOverrides(values) {
    const parse = (name) => {
        const text = stringOption(values, name);
        if (text === undefined)
            return undefined;
        const parsed = parseHostPort(text, 0);
        if (typeof parsed === 'string')
            throw new UsageError(`--${name}: ${parsed}`);
        return parsed;
    };
    const dns = parse('dns-listen');
    const http = parse('http-listen');
    return { ...(dns === undefined ? {} : { dns }), ...(http === undefined ? {} : { http }) };
}
function overridesText(values) {
    listenOverrides(values);
    const dns = stringOption(values, 'dns-listen');
    const http = stringOption(values, 'http-listen');
    return { ...(dns === undefined ? {} : { dnsListen: dns }), ...(http === undefined ? {} : { httpListen: http }) };
}
function withListenOverrides(config, overrides) {
    const http = overrides.http === undefined ? config.http : { ...config.http, listen: overrides.http };
    const problem = httpListenProblem(http, http.listen);
    if (problem !== undefined)
        throw new UsageError(problem);
    return { ...config, dns: overrides.dns === undefined ? config.dns : { ...config.dns, listen: overrides.dns }, http };
}
async function checkListenAddresses(config) {
    const dns = await listenProblem('cannot listen for DNS on', config.dns.listen.host, config.dns.listen.port, true);
    if (dns !== null)
        return dns;
    return listenProblem('cannot listen for HTTP on', config.http.listen.host, config.http.listen.port, false);
}
/** Tokens from the config, or the data dir's generated one; a string is a configuration error. */
function apiSecurity(config, dataDir) {
    const http = config.http;
    let tokens;
    let generatedTokenFile = null;
    if (http.tokens !== undefined) {
        const loaded = loadTokens(http.tokens, process.env);
        if (!loaded.ok)
            return loaded.message;
        tokens = loaded.value;
    }
    else {
        tokens = ensureLocalToken(dataDir);
        generatedTokenFile = join(dataDir, LOCAL_TOKEN_FILE);
    }
    return {
        tokens, generatedTokenFile, listenHost: http.listen.host, allowedHosts: http.allowedHosts,
        allowUnauthenticatedLoopback: http.allowUnauthenticatedLoopback, rateLimit: http.rateLimit,
    };
}
function announce(runtime, api, dataDir, tokenFile, json) {
    const config = runtime.config;
    const endpoints = {
        pid: process.pid, dns: { host: config.dns.listen.host, port: runtime.dns.port }, http: { host: config.http.listen.host, port: api.port },
        ...(tokenFile === null ? {} : { apiTokenFile: tokenFile }),
    };
    // Tools and tests find the ports here (port 0 in config means "any free port"); never the token.
    writeFileSync(join(dataDir, 'runtime.json'), `${JSON.stringify(endpoints)}\n`);
    if (json) {
        process.stdout.write(`${JSON.stringify({ ...endpoints, demo: runtime.demo?.list() ?? null })}\n`);
        return;
    }
    process.stdout.write(`dnsplane up: DNS on ${endpoints.dns.host}:${endpoints.dns.port}, HTTP on http://${endpoints.http.host}:${endpoints.http.port}\n`);
    if (tokenFile !== null)
        process.stdout.write(`API token: ${tokenFile} (mode 0600; the CLI reads it with --data-dir ${dataDir})\n`);
    const demo = runtime.demo;
    if (demo) {
        const regional = config.fleet.endpoints[0].name;
        process.stdout.write(`demo fleet: ${demo.list().map((lb) => `${lb.id} (:${lb.port})`).join(', ')}\n`);
        process.stdout.write(`try: dig @${endpoints.dns.host} -p ${endpoints.dns.port} ${regional} A +short\n`);
        process.stdout.write(`     npx dnsplane demo stop lb-a1 --data-dir ${dataDir}\n`);
    }
}
/** SIGHUP: load and validate the file, then the tokens, then rebuild the control plane; any failure keeps what runs. */
function reloader(runtime, api, configPath, dataDir, values, log) {
    return async () => {
        if (configPath === undefined) {
            log('warn', { msg: 'reload: SIGHUP ignored, the demo fleet has no config file' });
            return;
        }
        log('info', { msg: 'reload: SIGHUP received', config: configPath });
        const loaded = await loadConfigFile(configPath, { dataDir });
        if (!loaded.ok) {
            log('error', { msg: 'reload refused: the config is invalid; the running one stays', problems: loaded.errors.map((e) => formatConfigIssues([e])) });
            return;
        }
        let next;
        try {
            next = withListenOverrides(loaded.config, listenOverrides(values));
        }
        catch (error) {
            log('error', { msg: 'reload refused; the running config stays', reason: error instanceof Error ? error.message : String(error) });
            return;
        }
        const security = apiSecurity(next, dataDir);
        if (typeof security === 'string') {
            log('error', { msg: 'reload refused: API tokens; the running config stays', reason: security });
            return;
        }
        const outcome = await runtime.reload(next);
        if (outcome.kind === 'refused') {
            log('error', { msg: 'reload refused; the running config stays', reason: outcome.reason });
            return;
        }
        api.replaceTokens(security.tokens);
        const needRestart = outcome.needRestart.length === 0 ? {} : { needRestart: outcome.needRestart };
        if (outcome.kind === 'unchanged')
            log('info', { msg: 'reload: no change to apply (API tokens re-read)', ...needRestart });
        else
            log('info', { msg: `reload applied: ${outcome.changes.length} change(s)`, changes: outcome.changes, ...needRestart });
    };
}
//# sourceMappingURL=up-command.js.map