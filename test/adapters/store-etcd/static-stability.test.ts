/**
 * Static stability with real processes: a Planner, two zone Enactors and a `dnsplane dns-server`
 * on a real 3-member etcd cluster. A poller queries the managed name and its fence with dig
 * throughout (a few times a second: one dig process per query).
 * - kill -9 the etcd leader, then stop every member for 30 s while a load balancer goes down:
 *   DNS answers unchanged the whole time, never empty (nothing in the answer path needs etcd);
 * - restart the members: the change reaches DNS within 5 s, with no operator.
 * The dns-server's fence never goes backwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { etcdAvailable } from '../../support/etcd-cluster.js';
import { DistributedRig } from '../../support/distributed-rig.js';
import { dig, sleep, waitFor } from '../../support/dnsplane-process.js';

const NAME = 'api.test-1.example.test.';
const ALL = ['192.0.2.11', '192.0.2.12', '192.0.2.13', '192.0.2.14'];
const OUTAGE_MS = 30_000;
const POLL_MS = 50;

describe.runIf(etcdAvailable())('static stability: etcd down, DNS answers; etcd back, convergence', () => {
  let rig: DistributedRig;

  beforeAll(async () => {
    rig = await DistributedRig.start({ plannerIntervalMs: 300, zones: ['az1', 'az2'] });
    await rig.dnsServer();
    rig.planner('a');
    rig.enactor('az1');
    rig.enactor('az2');
  }, 60_000);

  afterAll(async () => {
    await rig?.stop();
  });

  it('answers unchanged and never empty through a 30 s etcd outage, converges within 5 s after', async () => {
    const server = { host: '127.0.0.1', port: rig.dnsPort };
    const answer = async (): Promise<string[]> => dig(server, NAME, 'A').catch(() => ['(no answer)']);
    const fenceGeneration = async (): Promise<number> => {
      const txt = await dig(server, `_dnsplane.${NAME}`, 'TXT').catch(() => []);
      return Number(/gen=(\d+)/.exec(txt.join(' '))?.[1] ?? 0);
    };
    expect(await waitFor(async () => JSON.stringify(await answer()) === JSON.stringify(ALL), 20_000), 'first convergence').not.toBeNull();

    // The poller: every answer during the test, with its time.
    const seen: { atMs: number; addresses: string[] }[] = [];
    const fences: number[] = [];
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const [addresses, fence] = await Promise.all([answer(), fenceGeneration()]);
        seen.push({ atMs: Date.now(), addresses });
        fences.push(fence);
        await sleep(POLL_MS);
      }
    })();
    try {
      const leader = await rig.etcd.leaderIndex();
      expect(leader).not.toBeNull();
      await rig.etcd.kill(leader!);
      await sleep(2_000);
      for (let i = 0; i < rig.etcd.members.length; i++) await rig.etcd.kill(i);
      const outageStartMs = Date.now();
      rig.lbs[3]!.healthy = false;
      await sleep(OUTAGE_MS);
      const duringOutage = seen.filter((s) => s.atMs >= outageStartMs);
      // dig is a process per query: on a shared 2-core machine that is a few queries a second.
      expect(duringOutage.length).toBeGreaterThan(OUTAGE_MS / 1_000 * 2);
      // Unchanged: the Planner cannot publish the change without the store.
      expect(duringOutage.filter((s) => JSON.stringify(s.addresses) !== JSON.stringify(ALL))).toEqual([]);

      const restartedAtMs = Date.now();
      await Promise.all(rig.etcd.members.map((_m, i) => rig.etcd.restart(i)));
      const healthyAfterMs = Date.now() - restartedAtMs;
      const expected = ALL.slice(0, 3);
      const convergedMs = await waitFor(async () => JSON.stringify(await answer()) === JSON.stringify(expected), 15_000, 50);
      process.stdout.write(`${JSON.stringify({ measured: 'etcd outage', outageMs: OUTAGE_MS, etcdHealthyAfterRestartMs: healthyAfterMs, convergedAfterHealthyMs: convergedMs, answersPolled: seen.length })}\n`);
      const tails = rig.processes.map((p) => `${p.name}: ${p.stderr.split('\n').slice(-6).join('\n')}`).join('\n');
      expect(convergedMs, `convergence after etcd returned; last answer ${JSON.stringify(seen.at(-1))}\n${tails}`).not.toBeNull();
      expect(convergedMs!).toBeLessThanOrEqual(5_000);
    } finally {
      polling = false;
      await poller;
    }
    expect(seen.filter((s) => s.addresses.length === 0 || s.addresses[0] === '(no answer)'), 'empty answers').toEqual([]);
    for (let i = 1; i < fences.length; i++) expect(fences[i]!, `fence regression at poll ${i}`).toBeGreaterThanOrEqual(fences[i - 1]!);
  }, 120_000);
});
