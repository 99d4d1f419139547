/**
 * Issue 5 acceptance 1, 2, 3, 5 and 7 with real local HTTP load balancers and the in-process runtime
 * (the composition `dnsplane up` runs): fail-open and velocity, flap damping, one vantage point cut
 * off, freeze in place through the real CLI, and every decision as an event in `status --json`.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { SystemProber } from '../../src/adapters/probe-system/system-prober.js';
import type { ProbeResult, ProbeTarget, Prober } from '../../src/core/ports/prober.js';
import { BIN, sleep } from '../support/dnsplane-process.js';
import { FAST_LOOPS, actingAs, configHead, sampleFor, startHealthRig, waitUntil, type HealthRig, type LbLine } from './health-rig.js';

const execFileAsync = promisify(execFile);
const REGIONAL = 'api.us-east-1.example.test.';
const TEN: LbLine[] = Array.from({ length: 10 }, (_, i) => ({ id: `lb-${i}`, az: 'use1-az1', ipv4: `192.0.2.${i + 1}` }));
const WINDOW_MS = 3000;

function config(extra: readonly string[] = []): (lbLines: string) => string {
  return (lbLines) => [
    configHead(lbLines),
    'endpoints:',
    `  - { name: ${REGIONAL}, select: {}, answers: 16 }`,
    FAST_LOOPS,
    // Not faster: 3 vantage points × 10 probes share this process with the DNS server and dig, and a
    // probe timeout from a busy event loop is a (correctly handled) checking failure, not the test's subject.
    'health: { intervalMs: 300, timeoutMs: 250, unhealthyThreshold: 2, healthyThreshold: 1 }',
    `safety: { panicThreshold: 0.5, velocity: { maxShare: 0.25, windowMs: ${WINDOW_MS} } }`,
    ...extra,
    '',
  ].join('\n');
}

let rig: HealthRig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

async function ready(r: HealthRig): Promise<void> {
  expect(await waitUntil(async () => (await r.answer(REGIONAL)).length === 10, 5000)).not.toBeNull();
}

describe('acceptance 1: 10 load balancers, 6 stop at once', () => {
  it('the answer loses at most the velocity share and never reaches the panic case; all 6 return at once', async () => {
    rig = await startHealthRig(TEN, config());
    await ready(rig);
    for (const lb of TEN.slice(0, 6)) await rig.fleet.stop(lb.id);
    const sizes = await sampleFor(2500, 50, async () => (await rig!.answer(REGIONAL)).length);
    // Velocity: 10 × (1 − 0.25) = 7.5 → at least 8 stay within the window; panic would keep 10.
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(8);
    const status = await rig.status();
    expect(status.loadBalancers.filter((lb) => !lb.healthy)).toHaveLength(6);
    expect(status.events.some((e) => e.kind === 'guard.fail-open' && e.endpoint === REGIONAL && /60% of A capacity looks unhealthy/.test(e.reason))).toBe(true);
    for (const lb of TEN.slice(0, 6)) await rig.fleet.start(lb.id);
    const backMs = await waitUntil(async () => (await rig!.answer(REGIONAL)).length === 10, 3000);
    expect(backMs, 'returning capacity is never rate limited').not.toBeNull();
  });

  it('3 of 10 stop (below panic): two leave now, the third waits for the next window, longest unhealthy first', async () => {
    rig = await startHealthRig(TEN, config());
    await ready(rig);
    await sleep(WINDOW_MS); // past the Planner's warm-up: for one window after it starts it removes nothing
    await rig.fleet.stop('lb-9');
    await sleep(700);
    await rig.fleet.stop('lb-3');
    await rig.fleet.stop('lb-4');
    const firstMs = await waitUntil(async () => (await rig!.answer(REGIONAL)).length === 8, 2000);
    expect(firstMs).not.toBeNull();
    const first = await rig.answer(REGIONAL);
    expect(first).not.toContain('192.0.2.10'); // lb-9 failed first
    const deferral = (await rig.status()).events.find((e) => e.kind === 'guard.velocity' && e.endpoint === REGIONAL);
    expect(deferral?.reason).toMatch(/deferring 1 \(lb-[34]\)/);
    const sizes = await sampleFor(1000, 50, async () => (await rig!.answer(REGIONAL)).length);
    expect(Math.min(...sizes)).toBe(8);
    expect(await waitUntil(async () => (await rig!.answer(REGIONAL)).length === 7, WINDOW_MS + 1000)).not.toBeNull();
  });
});

describe('acceptance 2: flap damping', () => {
  it('a load balancer alternating faster than the hold-down does not make the answer flap, and the hold is in status', async () => {
    rig = await startHealthRig(TEN, (lbLines) => config()(lbLines).replace('healthyThreshold: 1 }', 'healthyThreshold: 1, holdDownMs: 6000, flapTransitionsMax: 2 }'));
    await ready(rig);
    const answers: string[] = [];
    for (let cycle = 0; cycle < 8; cycle++) {
      await (cycle % 2 === 0 ? rig.fleet.stop('lb-0') : rig.fleet.start('lb-0'));
      // ~1 s per half-cycle: slower than the thresholds (2 × 300 ms), faster than the 6 s hold-down.
      answers.push(...(await sampleFor(1000, 50, async () => (await rig!.answer(REGIONAL)).join(' '))));
    }
    const changes = answers.filter((a, i) => i > 0 && a !== answers[i - 1]).length;
    expect(changes, 'answer changes while the load balancer alternated 8 times').toBeLessThanOrEqual(2);
    const status = await rig.status();
    expect(status.loadBalancers.find((lb) => lb.id === 'lb-0')?.held).toBe(true);
    expect(status.safety.held.map((h) => h.id)).toEqual(['lb-0']);
    expect(status.events.some((e) => e.kind === 'health.held' && e.reason.startsWith('lb-0 changed state 3 times'))).toBe(true);
  });
});

/**
 * A vantage point whose network is "broken": its probes are sent to a loopback port where nothing
 * listens, so every probe it makes really fails (ECONNREFUSED). This is not a network partition;
 * it is the observable effect of one on that zone's prober, which is what the quorum must absorb.
 */
class CutOffProber implements Prober {
  private readonly real = new SystemProber();
  cut = false;
  constructor(private readonly deadPort: number) {}
  probe(target: ProbeTarget, timeoutMs: number): Promise<ProbeResult> {
    if (!this.cut) return this.real.probe(target, timeoutMs);
    return this.real.probe({ kind: 'http', url: `http://127.0.0.1:${this.deadPort}/health` }, timeoutMs);
  }
}

describe('acceptance 3: one zone\'s prober cut off', () => {
  it('removes no load balancer; status shows that zone\'s dissent', async () => {
    const deadPort = await freePort();
    const az1 = new CutOffProber(deadPort);
    rig = await startHealthRig(TEN, config(), (zone) => (zone === 'az1' ? az1 : new SystemProber()));
    await ready(rig);
    az1.cut = true;
    const sizes = await sampleFor(1500, 50, async () => (await rig!.answer(REGIONAL)).length);
    expect(Math.min(...sizes)).toBe(10);
    const status = await rig.status();
    expect(status.safety.vantagePoints).toEqual(['az1', 'az2', 'az3']);
    expect(status.loadBalancers.every((lb) => lb.healthy && lb.vantagePoints['az1']?.healthy === false && lb.vantagePoints['az2']?.healthy === true)).toBe(true);
    expect(status.events.some((e) => e.kind === 'health.transition')).toBe(false);
    // The quorum still condemns a load balancer that two zones see failing.
    await rig.fleet.stop('lb-5');
    expect(await waitUntil(async () => !(await rig!.answer(REGIONAL)).includes('192.0.2.6'), 2000)).not.toBeNull();
  });
});

describe('acceptance 5 and 7: freeze in place, through the real CLI; decisions in status --json', () => {
  it('plans and shows changes while frozen without applying them; unfreeze applies the newest plan', async () => {
    rig = await startHealthRig(TEN, config());
    await ready(rig);
    const url = `http://127.0.0.1:${rig.api.port}`;
    await execFileAsync(process.execPath, [BIN, 'freeze', '--endpoint', REGIONAL, '--reason', 'incident drill', '--url', url], actingAs('erin'));
    await rig.fleet.stop('lb-1');
    await rig.fleet.stop('lb-2');
    const shown = await waitUntil(async () => (await rig!.status()).planner.guardDecisions.some((d) => d.guard === 'frozen'), 3000);
    expect(shown).not.toBeNull();
    const sizes = await sampleFor(800, 50, async () => (await rig!.answer(REGIONAL)).length);
    expect(Math.min(...sizes)).toBe(10);
    const { stdout } = await execFileAsync(process.execPath, [BIN, 'status', '--json', '--url', url], actingAs('erin'));
    const report = JSON.parse(stdout) as { planner: { guardDecisions: { guard: string; reason: string }[] }; events: { kind: string; reason: string }[]; safety: { controls: { kind: string }[] } };
    expect(report.planner.guardDecisions.find((d) => d.guard === 'frozen')?.reason).toMatch(/frozen by erin \(incident drill\); would add \[\], remove \[lb-1, lb-2\]/);
    expect(report.safety.controls.map((c) => c.kind)).toEqual(['freeze']);
    expect(report.events.map((e) => e.kind)).toEqual(expect.arrayContaining(['freeze.started', 'guard.frozen', 'health.transition']));
    await execFileAsync(process.execPath, [BIN, 'unfreeze', '--endpoint', REGIONAL, '--url', url], actingAs('erin'));
    const appliedMs = await waitUntil(async () => (await rig!.answer(REGIONAL)).length === 8, 2000);
    expect(appliedMs).not.toBeNull();
    expect((await rig.status()).events.some((e) => e.kind === 'freeze.ended')).toBe(true);
  }, 60_000);

  it('a velocity override through the CLI is recorded and lifts the limit', async () => {
    rig = await startHealthRig(TEN, config());
    await ready(rig);
    const url = `http://127.0.0.1:${rig.api.port}`;
    const { stdout } = await execFileAsync(process.execPath, [BIN, 'override', 'velocity', '--endpoint', REGIONAL, '--reason', 'planned drain', '--ttl', '10m', '--url', url], actingAs('frank'));
    expect(stdout).toMatch(/velocity-override override of api\.us-east-1\.example\.test\. by frank/);
    for (const id of ['lb-0', 'lb-1', 'lb-2', 'lb-3']) await rig.fleet.stop(id);
    expect(await waitUntil(async () => (await rig!.answer(REGIONAL)).length === 6, 3000)).not.toBeNull();
    const events = (await rig.status()).events;
    expect(events.some((e) => e.kind === 'override.created' && e.reason.includes('planned drain'))).toBe(true);
    expect(events.some((e) => e.kind === 'guard.velocity-override' && e.reason.includes('override by frank: planned drain'))).toBe(true);
    await expect(execFileAsync(process.execPath, [BIN, 'override', 'velocity', '--endpoint', REGIONAL, '--url', url], actingAs('frank'))).rejects.toThrow(/--reason is required/);
  });
});

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
