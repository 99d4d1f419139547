/**
 * A large start of the real `dnsplane up`, with a real BIND as a second provider: on a terminal
 * (a pseudo-terminal from script(1)) one progress line at the bottom of stderr — loading the
 * config, starting, then the initial sync per provider with counts; with --json or into a pipe no
 * bar at all, only log lines, and one when every provider serves the first plan on every name.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, dig, sleep } from '../support/dnsplane-process.js';
import { freePort, realDnsServersAvailable, startDnsServer, type RealDnsServer } from '../support/dns-servers.js';

const ENDPOINTS = 1000;
const TSIG_ENV = 'DNSPLANE_TEST_PROGRESS_TSIG';
const SYNC_WAIT_MS = 150_000;

describe.runIf(realDnsServersAvailable(['bind']))('dnsplane up: progress of a large start', () => {
  let bind: RealDnsServer;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dnsplane-up-progress-'));
    bind = await startDnsServer('bind');
  }, 60_000);
  afterAll(async () => {
    await bind.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A fleet of ENDPOINTS names under its own label (each test writes its own names to the one BIND). */
  function writeConfig(label: string, deadPort: number | null = null): { configPath: string; dataDir: string; name: string } {
    const loadBalancers = Array.from({ length: 6 }, (_, i) => ({ id: `lb-${i}`, az: `az${i % 3}`, ipv4: `192.0.2.${i + 1}`, capacity: 1 + (i % 3) }));
    const endpoints = Array.from({ length: ENDPOINTS }, (_, i) => ({ name: `e${i}.${label}.example.test.`, select: { ids: [`lb-${i % 6}`, `lb-${(i + 1) % 6}`, `lb-${(i + 3) % 6}`] } }));
    const dataDir = join(dir, `data-${label}`);
    const config = {
      zone: 'example.test.', region: 'test-1', loadBalancers, endpoints, enactors: ['use1-az1'],
      dns: { listen: '127.0.0.1:0' }, http: { listen: '127.0.0.1:0' }, store: { sqlite: join(dataDir, 'plans.db') },
      providers: [
        { id: 'embedded', type: 'embedded' },
        // Small sequential batches: BIND takes a while, which is what a large start looks like.
        { id: 'bind', type: 'rfc2136', server: `127.0.0.1:${bind.port}`, batchSize: 20, inFlight: 1, tsig: { name: bind.tsig.name, algorithm: bind.tsig.algorithm, secretEnv: TSIG_ENV } },
        ...(deadPort === null ? [] : [{ id: 'bind-down', type: 'rfc2136', server: `127.0.0.1:${deadPort}`, timeoutMs: 1000, tsig: { name: bind.tsig.name, algorithm: bind.tsig.algorithm, secretEnv: TSIG_ENV } }]),
      ],
    };
    const configPath = join(dir, `${label}.json`);
    writeFileSync(configPath, JSON.stringify(config));
    return { configPath, dataDir, name: `e7.${label}.example.test.` };
  }

  const env = (): NodeJS.ProcessEnv => ({ ...process.env, [TSIG_ENV]: bind.tsig.secretBase64 });

  it('into a pipe: no bar, log lines with counts per provider, and one when the sync is done', async () => {
    const { configPath, dataDir, name } = writeConfig('pipe');
    const child = spawn(process.execPath, [BIN, 'up', '--config', configPath, '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'], env: env() });
    const output = collect(child);
    try {
      const done = await waitForText(() => output.stderr, '"msg":"initial sync done', SYNC_WAIT_MS);
      expect(done, output.stderr.slice(-2000)).toBe(true);
      expect(output.stderr).not.toMatch(/[\r\x1b]/);
      const lines = output.stderr.trim().split('\n').map((line) => JSON.parse(line) as { msg?: string; time: string; providers?: string; endpoints?: number; ms?: number });
      expect(lines.every((line) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(line.time))).toBe(true);
      expect(lines.find((line) => line.msg === 'config loaded')?.endpoints).toBe(ENDPOINTS);
      const finished = lines.find((line) => line.msg?.startsWith('initial sync done') === true)!;
      expect(finished.msg).toBe('initial sync done: generation 1 on every provider');
      expect(finished.providers).toBe(`embedded ${ENDPOINTS}/${ENDPOINTS}, bind ${ENDPOINTS}/${ENDPOINTS}`);
      // A sync longer than the log interval said how far it was on the way.
      const along = lines.filter((line) => line.msg === 'initial sync: generation 1');
      if (finished.ms! > 6000) expect(along.length).toBeGreaterThanOrEqual(1);
      // A provider whose read is late (a loaded machine) is shown down until its next read succeeds.
      for (const line of along) expect(line.providers).toMatch(new RegExp(`^embedded \\d+/${ENDPOINTS}, bind \\d+/${ENDPOINTS}( \\((down since [^)]+|not read yet)\\))?$`));
      // The count is what BIND itself answers.
      expect((await dig({ host: '127.0.0.1', port: bind.port }, name, 'A')).length).toBeGreaterThan(0);
    } finally {
      await stopUp(child, dataDir);
    }
    expect(await exitOf(child)).toBe(0);
  }, SYNC_WAIT_MS + 60_000);

  it('a provider down: the sync log lines say how far each provider is and since when one is down; SIGTERM still stops cleanly', async () => {
    const deadPort = await freePort();
    const { configPath, dataDir } = writeConfig('down', deadPort);
    const child = spawn(process.execPath, [BIN, 'up', '--config', configPath, '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'], env: env() });
    const output = collect(child);
    try {
      const along = await waitForText(() => output.stderr, '"msg":"initial sync: generation 1"', 60_000);
      expect(along, output.stderr.slice(-2000)).toBe(true);
      const line = output.stderr.split('\n').find((l) => l.includes('"msg":"initial sync: generation 1"'))!;
      const { providers } = JSON.parse(line) as { providers: string };
      expect(providers).toMatch(new RegExp(`^embedded \\d+/${ENDPOINTS}, bind \\d+/${ENDPOINTS}, bind-down 0/${ENDPOINTS} \\(down since \\d{4}-\\d\\d-\\d\\dT[^)]+Z\\)$`));
      expect(output.stderr).not.toContain('initial sync done');
    } finally {
      await stopUp(child, dataDir);
    }
    expect(await exitOf(child)).toBe(0);
    expect(output.stderr).toMatch(/"msg":"stopped"/);
  }, 120_000);

  it('on a terminal: one line redrawn in place — loading, starting, then the sync per provider with counts', async () => {
    const { configPath, dataDir } = writeConfig('tty');
    const script = onTerminal([BIN, 'up', '--config', configPath, '--data-dir', dataDir]);
    const output = collect(script);
    try {
      const done = await waitForText(() => output.stdout, '"msg":"initial sync done', SYNC_WAIT_MS);
      expect(done, output.stdout.slice(-2000)).toBe(true);
      const screen = output.stdout;
      expect(screen).toContain('\r\x1b[2Kloading ');
      expect(screen).toContain(`\r\x1b[2Kstarting the DNS server and the control plane (${ENDPOINTS} endpoints)`);
      expect(screen).toMatch(new RegExp(`\\r\\x1b\\[2Kinitial sync \\[[#.]{20}\\] \\d+%  embedded \\d+/${ENDPOINTS}  bind \\d+/${ENDPOINTS}  generation 1, `));
      // Log lines are written above the bar (cleared first), never into it.
      expect(screen).toMatch(/\r\x1b\[2K\{"level":"info","time":"[^"]+","msg":"initial sync done/);
    } finally {
      await stopUp(script, dataDir);
    }
    expect(await exitOf(script)).toBe(0);
  }, SYNC_WAIT_MS + 60_000);

  it('on a terminal with --json: no bar; the summary on stdout and the log lines as they are', async () => {
    const { configPath, dataDir } = writeConfig('json');
    const script = onTerminal([BIN, 'up', '--config', configPath, '--data-dir', dataDir, '--json']);
    const output = collect(script);
    try {
      const done = await waitForText(() => output.stdout, '"msg":"initial sync done', SYNC_WAIT_MS);
      expect(done, output.stdout.slice(-2000)).toBe(true);
      expect(output.stdout).not.toContain('\x1b[');
      expect(output.stdout).not.toContain('initial sync [');
      expect(output.stdout).toMatch(/^\{"pid":\d+,"dns":/m);
    } finally {
      await stopUp(script, dataDir);
    }
    expect(await exitOf(script)).toBe(0);
  }, SYNC_WAIT_MS + 60_000);

  /** The command under a pseudo-terminal: script(1) runs it with stdin, stdout and stderr on one. */
  function onTerminal(args: readonly string[]): ChildProcess {
    const command = [process.execPath, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
    // A terminal 200 columns wide, so that the whole line shows (it is cut to the width).
    return spawn('script', ['-qfec', `stty cols 200; exec ${command}`, '/dev/null'], { stdio: ['ignore', 'pipe', 'pipe'], env: env() });
  }
});

interface Output { stdout: string; stderr: string }

function collect(child: ChildProcess): Output {
  const output: Output = { stdout: '', stderr: '' };
  child.stdout?.on('data', (chunk: Buffer) => { output.stdout += chunk.toString(); });
  child.stderr?.on('data', (chunk: Buffer) => { output.stderr += chunk.toString(); });
  return output;
}

async function waitForText(read: () => string, text: string, timeoutMs: number): Promise<boolean> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (read().includes(text)) return true;
    await sleep(200);
  }
  return false;
}

/** SIGTERM to `up` itself (its PID from runtime.json), then, bounded, to what was spawned. */
async function stopUp(child: ChildProcess, dataDir: string): Promise<void> {
  const runtime = join(dataDir, 'runtime.json');
  if (existsSync(runtime)) {
    const { pid } = JSON.parse(readFileSync(runtime, 'utf8')) as { pid: number };
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  const exited = await Promise.race([exitOf(child).then(() => true), sleep(20_000).then(() => false)]);
  if (!exited) child.kill('SIGKILL');
}

function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}
