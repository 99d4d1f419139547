/**
 * The Enactor bounds each write by the highest capacity it saw served within the velocity window,
 * not only by what is served at the instant of the write, and warms up after a start. Plans are
 * written straight into the store (another tool, a damaged store, a stale plan) so that only the
 * Enactor's own guards stand between them and DNS.
 */
import { describe, expect, it } from 'vitest';
import { generation } from '../../../src/core/model/ids.js';
import { makePlan, type Plan } from '../../../src/core/model/plan.js';
import { DEFAULT_SAFETY_SETTINGS } from '../../../src/core/safety/safety-settings.js';
import { coreRig, liveOf, writePlanDirectly, type CoreRig } from '../../support/core-rig.js';
import { endpoint, lb } from '../../support/fleet.js';

const REGIONAL = 'api.region.example.test.';
const WINDOW_MS = 60_000;

function eightFleet() {
  const loadBalancers = Array.from({ length: 8 }, (_, i) => lb(`lb${i + 1}`, i < 4 ? 'az1' : 'az2', `192.0.2.${i + 1}`));
  return { loadBalancers, endpoints: [endpoint(REGIONAL)] };
}

function velocityRig(): CoreRig {
  return coreRig(eightFleet(), { settings: { safety: { ...DEFAULT_SAFETY_SETTINGS, velocity: { maxShare: 0.25, windowMs: WINDOW_MS } } } });
}

/** The first `count` of the eight addresses, as generation `g` (written as another tool would). */
async function writeAddresses(rig: CoreRig, g: number, count: number, template: Plan): Promise<void> {
  const regional = template.endpoints.find((e) => e.name === REGIONAL)!;
  const addresses = [...regional.addresses].sort((a, b) => (a.address < b.address ? -1 : 1)).slice(0, count);
  await writePlanDirectly(rig.store, makePlan({ generation: generation(g), createdAtMs: rig.clock.nowMs(), note: `${count} addresses`, endpoints: [{ ...regional, addresses }] }), rig.clock);
}

async function served(rig: CoreRig): Promise<number> {
  return (await liveOf(rig.provider, REGIONAL)).addresses.length;
}

async function firstPlan(rig: CoreRig): Promise<Plan> {
  await rig.planner.tick();
  const latest = await rig.store.latest();
  if (!latest.ok || latest.value === null) throw new Error('no first plan');
  return latest.value;
}

describe('the Enactor\'s velocity window', () => {
  it('two writes within one window cannot each remove a full share: 8 → 6 is allowed, 6 → 5 waits for the window', async () => {
    const rig = velocityRig();
    const template = await firstPlan(rig);
    const enactor = rig.enactor('az1');
    await enactor.tick();
    expect(await served(rig)).toBe(8); // a first start: nothing of ours was live, no warm-up
    rig.clock.now += 1_000;
    await writeAddresses(rig, 10, 6, template);
    await enactor.tick();
    expect(await served(rig)).toBe(6); // 25% of 8: within the share
    rig.clock.now += 1_000;
    await writeAddresses(rig, 11, 5, template);
    await enactor.tick();
    // 6 → 5 is 17% of what is served now, but 37.5% of the 8 served within the window.
    expect(await served(rig)).toBe(6);
    expect(rig.events.events.some((e) => e.kind === 'enact.write-refused' && /within the window/.test(e.reason))).toBe(true);
    rig.clock.now += WINDOW_MS;
    await enactor.tick();
    expect(await served(rig)).toBe(5);
  });

  it('a restarted Enactor lets no capacity leave a provider with fences for one window after its first read', async () => {
    const rig = velocityRig();
    const template = await firstPlan(rig);
    await rig.enactor('az1').tick();
    rig.clock.now += WINDOW_MS + 1;
    rig.restartEnactor('az1');
    const restarted = rig.enactor('az1');
    await writeAddresses(rig, 10, 7, template);
    await restarted.tick();
    expect(await served(rig)).toBe(8);
    expect(rig.events.events.some((e) => e.kind === 'enact.write-refused' && /warm-up/.test(e.reason))).toBe(true);
    rig.clock.now += WINDOW_MS;
    await restarted.tick();
    expect(await served(rig)).toBe(7);
  });

  it('during the warm-up an increase is still written (nothing leaves)', async () => {
    const rig = velocityRig();
    const template = await firstPlan(rig);
    await writeAddresses(rig, 5, 6, template);
    await rig.enactor('az1').tick();
    expect(await served(rig)).toBe(6);
    rig.restartEnactor('az1');
    await writeAddresses(rig, 10, 8, template);
    await rig.enactor('az1').tick();
    expect(await served(rig)).toBe(8);
  });
});
