/**
 * The PlanStore contract, one suite for every implementation (memory, SQLite, and later etcd).
 * It speaks only through the PlanStore port and the harness below, so a new backend joins by
 * writing a `setup`. What it pins down (src/core/ports/plan-store.ts):
 * - a plan comes back exactly as it went in;
 * - `create` is conditional: only above every generation created so far, so two writers racing
 *   on one backend cannot both create N, and a number is never reused after deletion;
 * - `latest` is the highest stored generation, also after deletions and after another client wrote;
 * - `delete` is idempotent; `list` ascends;
 * - Planner fencing: the lease is granted when free, expired or already held by the caller (a
 *   renewal keeps the token), refused as 'held' otherwise; every grant to a new holder carries a
 *   token above every earlier one; `create` with any token but the newest fails 'fenced' and
 *   writes nothing, so a paused old leader cannot write after a takeover;
 * - an unavailable backend answers with a retryable 'unavailable' Failure, never an exception.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { endpointName, generation, loadBalancerId, type Generation } from '../../src/core/model/ids.js';
import { makePlan, type EndpointContent, type Plan, type WeightedAddress } from '../../src/core/model/plan.js';
import type { PlanStore } from '../../src/core/ports/plan-store.js';
import type { Result } from '../../src/core/ports/result.js';
import { encodePlanBody } from '../../src/adapters/store-sqlite/plan-codec.js';

export interface PlanStoreHarness {
  readonly store: PlanStore;
  /**
   * Simulates a restart: closes `store` and returns a new store on the same backend. Absent for
   * backends that do not persist (memory).
   */
  readonly reopen?: () => Promise<PlanStore>;
  /** Another client of the same backend, open at the same time as `store` (a second connection or process). */
  readonly connect?: () => Promise<PlanStore>;
  /**
   * Moves the time the backend measures lease expiry on forward by `deltaMs`, for every store the
   * harness opened (memory: the injected monotonic clock; SQLite: the injected wall clock).
   */
  advanceLeaseTimeMs(deltaMs: number): Promise<void>;
  /**
   * Whether the store reports a held lease's remaining time to the millisecond of the harness's
   * lease time (memory, SQLite: the injected clock). etcd counts lease time itself, in whole
   * seconds, so it can only say roughly how long is left. Default true.
   */
  readonly leaseRemainingExact?: boolean;
  /** Makes the backend unreachable for `store` (and any store the harness opened). */
  readonly makeUnavailable?: () => Promise<void>;
  /** Closes everything the harness opened and removes its files. */
  close(): Promise<void>;
}

/** A plan with `endpointCount` endpoints, each with up to 8 addresses of both families, built through makePlan. */
export function contractPlan(g: number, options: { endpointCount?: number; note?: string; createdAtMs?: number; variant?: number } = {}): Plan {
  const endpointCount = options.endpointCount ?? 3;
  const variant = options.variant ?? 0;
  const endpoints: EndpointContent[] = [];
  // Built in descending order so that makePlan's canonical sort is exercised.
  for (let i = endpointCount - 1; i >= 0; i--) {
    const addresses: WeightedAddress[] = [];
    const width = 1 + ((i + variant) % 8);
    for (let k = width - 1; k >= 0; k--) {
      const lb = (i + k) % 16;
      addresses.push({ loadBalancer: loadBalancerId(`lb-${lb}`), family: 'A', address: `192.0.2.${lb + 1}`, weight: 1 + ((lb * 7 + variant) % 100) });
      if (k % 2 === 0) addresses.push({ loadBalancer: loadBalancerId(`lb-${lb}`), family: 'AAAA', address: `2001:db8::${(lb + 1).toString(16)}`, weight: 1 + ((lb * 7 + variant) % 100) });
    }
    endpoints.push({ name: endpointName(`e${i}.r${variant}.contract.example.test.`), ttlSeconds: 5 + (i % 3), answersMax: 8 - (i % 4), addresses });
  }
  return makePlan({ generation: generation(g), createdAtMs: options.createdAtMs ?? 1_700_000_000_000 + g, endpoints, note: options.note ?? `plan ${g}` });
}

/**
 * The next generation of `previous`: the endpoints at the `change` indexes get new weights, the
 * `ttl` ones a new TTL, the `remove` ones leave, and `add` new endpoints arrive. Unchanged
 * endpoints are the same objects, as the Planner hands them over.
 */
function derived(previous: Plan, n: number, edits: { change?: number[]; ttl?: number[]; remove?: number[]; add?: number }): Plan {
  const endpoints: EndpointContent[] = previous.endpoints.flatMap((e, i) => {
    if (edits.remove?.includes(i)) return [];
    if (edits.change?.includes(i)) return [{ ...e, addresses: e.addresses.map((a) => ({ ...a, weight: a.weight + n })) }];
    if (edits.ttl?.includes(i)) return [{ ...e, ttlSeconds: e.ttlSeconds + n }];
    return [e];
  });
  for (let k = 0; k < (edits.add ?? 0); k++) {
    endpoints.push({ name: endpointName(`added-${n}-${k}.contract.example.test.`), ttlSeconds: 5, answersMax: 2, addresses: [{ loadBalancer: loadBalancerId('lb-1'), family: 'A', address: '192.0.2.2', weight: n }] });
  }
  const plan = makePlan({ generation: generation(n), createdAtMs: previous.createdAtMs + 1, endpoints, note: `derived ${n}` });
  // Keep the unchanged endpoint objects (makePlan rebuilds every one).
  const before = new Map(previous.endpoints.map((e) => [e.name, e]));
  return { ...plan, endpoints: plan.endpoints.map((e) => (before.get(e.name)?.digest === e.digest ? before.get(e.name)! : e)) };
}

/** The names whose records differ between two plans, sorted. */
function changedNames(before: Plan, after: Plan): string[] {
  const digests = new Map(before.endpoints.map((e) => [e.name as string, e.digest]));
  const names = new Set<string>();
  for (const e of after.endpoints) if (digests.get(e.name) !== e.digest) names.add(e.name);
  for (const name of digests.keys()) if (!after.endpoints.some((e) => e.name === name)) names.add(name);
  return [...names].sort();
}

/** etcd's default request limit (--max-request-bytes): a plan above it cannot be one etcd txn. */
export const ETCD_REQUEST_BYTES_DEFAULT = 1_572_864;

/**
 * A plan whose encoding stays large after compression: names, load balancer ids, IPv6 addresses
 * and weights from a seeded generator (no two alike), 8 addresses per endpoint.
 */
export function incompressiblePlan(g: number, endpointCount: number, seed: number): Plan {
  let state = seed >>> 0;
  const next = (): number => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state;
  };
  const hex = (): string => next().toString(16).padStart(8, '0');
  const endpoints: EndpointContent[] = [];
  for (let i = 0; i < endpointCount; i++) {
    const addresses: WeightedAddress[] = [];
    for (let k = 0; k < 8; k++) {
      const h = hex() + hex() + hex();
      const address = `2001:db8:${h.slice(0, 4)}:${h.slice(4, 8)}:${h.slice(8, 12)}:${h.slice(12, 16)}:${h.slice(16, 20)}:${h.slice(20, 24)}`;
      addresses.push({ loadBalancer: loadBalancerId(`lb-${hex()}`), family: 'AAAA', address, weight: 1 + (next() % 100) });
    }
    endpoints.push({ name: endpointName(`e${i}-${hex()}.big.contract.example.test.`), ttlSeconds: 30, answersMax: 8, addresses });
  }
  return makePlan({ generation: generation(g), createdAtMs: 1_700_000_000_000 + g, endpoints, note: `big plan ${g} (seed ${seed})` });
}

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.code}: ${result.message}`);
  return result.value;
}

/** The holder every plain (non-lease) case writes as; its token is taken in `beforeEach`. */
const PLANNER = 'contract-planner';
/** Long enough that no plain case sees the lease expire. */
const LEASE_TTL_MS_LONG = 3_600_000;
const LEASE_TTL_MS = 1_000;

async function tokenOf(store: PlanStore, holder = PLANNER, ttlMs = LEASE_TTL_MS_LONG): Promise<number> {
  return value(await store.acquireLease(holder, ttlMs)).token;
}

async function createOk(store: PlanStore, plan: Plan, token?: number): Promise<void> {
  expect(await store.create(plan, token ?? await tokenOf(store))).toEqual({ ok: true, value: undefined });
}

function outcome(result: Result<unknown>): string {
  return result.ok ? 'ok' : result.code;
}

async function generations(store: PlanStore): Promise<number[]> {
  return value(await store.list()).map((info) => info.generation);
}

const g = (n: number): Generation => generation(n);
/** Endpoints of incompressiblePlan that encode above ETCD_REQUEST_BYTES_DEFAULT. */
const BIG_PLAN_ENDPOINTS = 7_500;

export function describePlanStoreContract(label: string, setup: () => Promise<PlanStoreHarness>): void {
  describe(`PlanStore contract: ${label}`, () => {
    let harness: PlanStoreHarness;
    let store: PlanStore;
    /** The token of PLANNER's lease, for cases about plans rather than leases. */
    let token: number;

    beforeEach(async () => {
      harness = await setup();
      store = harness.store;
      token = await tokenOf(store);
    });
    afterEach(async () => {
      await harness.close();
    });

    it('an empty store has no latest, no generations and nothing to get', async () => {
      expect(await store.latest()).toEqual({ ok: true, value: null });
      expect(await store.list()).toEqual({ ok: true, value: [] });
      expect(await store.get(g(1))).toEqual({ ok: true, value: null });
    });

    it('returns a created plan exactly as it went in, from latest and from get', async () => {
      const plan = contractPlan(7, { endpointCount: 5, note: 'first plan: ünïcode ✓', createdAtMs: 1_234_567_890_123 });
      await createOk(store, plan);
      expect(value(await store.latest())).toEqual(plan);
      expect(value(await store.get(g(7)))).toEqual(plan);
      expect(value(await store.list())).toEqual([{ generation: 7, digest: plan.digest, createdAtMs: 1_234_567_890_123 }]);
    });

    it('round-trips a large plan (2,000 endpoints) with its order, weights and digests', async () => {
      const plan = contractPlan(1, { endpointCount: 2_000, variant: 3 });
      await createOk(store, plan);
      const loaded = value(await store.get(g(1)));
      expect(loaded).toEqual(plan);
      expect(loaded?.endpoints.map((e) => e.name)).toEqual(plan.endpoints.map((e) => e.name));
      expect(loaded?.endpoints.map((e) => e.digest)).toEqual(plan.endpoints.map((e) => e.digest));
    });

    it('round-trips a plan above etcd\'s request limit (> 1.5 MiB encoded): get, latest, list, another client; delete removes it', async () => {
      const small = contractPlan(1);
      await createOk(store, small);
      const big = incompressiblePlan(2, BIG_PLAN_ENDPOINTS, 7);
      expect(encodePlanBody(big).length).toBeGreaterThan(ETCD_REQUEST_BYTES_DEFAULT);
      await createOk(store, big, token);
      expect(value(await store.get(g(2)))).toEqual(big);
      expect(value(await store.latest())).toEqual(big);
      expect(await generations(store)).toEqual([1, 2]);
      if (harness.connect) expect(value(await (await harness.connect()).latest())).toEqual(big);
      expect(value(await store.delete(g(2)))).toBeUndefined();
      expect(value(await store.get(g(2)))).toBeNull();
      expect(value(await store.latest())).toEqual(small);
      expect(outcome(await store.create(incompressiblePlan(2, 10, 8), token))).toBe('exists');
    }, 120_000);

    it('two clients racing to create one generation with plans above the request limit: one wins, whole', async (context) => {
      if (!harness.connect) return context.skip();
      const other = await harness.connect();
      const a = incompressiblePlan(1, BIG_PLAN_ENDPOINTS, 11);
      const b = incompressiblePlan(1, BIG_PLAN_ENDPOINTS, 12);
      const outcomes = await Promise.all([store.create(a, token), other.create(b, token)]);
      expect(outcomes.map(outcome).sort()).toEqual(['exists', 'ok']);
      const winner = outcomes[0]!.ok ? a : b;
      expect(value(await store.get(g(1)))).toEqual(winner);
      expect(value(await other.latest())).toEqual(winner);
    }, 120_000);

    it('round-trips a plan with no endpoints', async () => {
      const plan = makePlan({ generation: g(1), createdAtMs: 0, endpoints: [], note: '' });
      await createOk(store, plan);
      expect(value(await store.latest())).toEqual(plan);
    });

    it('refuses to create an existing or lower generation with "exists", and changes nothing', async () => {
      const two = contractPlan(2, { note: 'original' });
      await createOk(store, contractPlan(1));
      await createOk(store, two);
      for (const n of [2, 1]) {
        const result = await store.create(contractPlan(n, { note: 'intruder', variant: 9 }), token);
        expect(result.ok).toBe(false);
        if (!result.ok) {
          expect(result.code).toBe('exists');
          expect(result.retryable).toBe(false);
        }
      }
      expect(value(await store.latest())).toEqual(two);
      expect(value(await store.get(g(2)))).toEqual(two);
      expect(await generations(store)).toEqual([1, 2]);
    });

    it('allows gaps in numbering (renumbering jumps) and lists ascending', async () => {
      for (const n of [3, 4, 10, 1_000, 2 ** 40]) await createOk(store, contractPlan(n));
      expect(await generations(store)).toEqual([3, 4, 10, 1_000, 2 ** 40]);
      expect(value(await store.latest())?.generation).toBe(2 ** 40);
      const inGap = await store.create(contractPlan(500), token);
      expect(inGap.ok ? 'ok' : inGap.code).toBe('exists');
      expect(value(await store.get(g(500)))).toBeNull();
    });

    it('deletes idempotently: missing, twice, and the rest stays', async () => {
      for (const n of [1, 2, 3]) await createOk(store, contractPlan(n));
      expect(await store.delete(g(99))).toEqual({ ok: true, value: undefined });
      expect(await store.delete(g(2))).toEqual({ ok: true, value: undefined });
      expect(await store.delete(g(2))).toEqual({ ok: true, value: undefined });
      expect(value(await store.get(g(2)))).toBeNull();
      expect(await generations(store)).toEqual([1, 3]);
      expect(value(await store.get(g(1)))).toEqual(contractPlan(1));
    });

    it('after deleting the latest, latest is the next highest; its number is never reused', async () => {
      for (const n of [1, 2, 3]) await createOk(store, contractPlan(n));
      expect(value(await store.latest())?.generation).toBe(3);
      await store.delete(g(3));
      expect(value(await store.latest())).toEqual(contractPlan(2));
      expect(value(await store.highWater())).toBe(3);
      const reuse = await store.create(contractPlan(3, { note: 'reused number', variant: 1 }), token);
      expect(reuse.ok ? 'ok' : reuse.code).toBe('exists');
      await createOk(store, contractPlan(4));
      expect(value(await store.latest())).toEqual(contractPlan(4));
      for (const n of [1, 2, 4]) await store.delete(g(n));
      expect(await store.latest()).toEqual({ ok: true, value: null });
      expect(await store.list()).toEqual({ ok: true, value: [] });
      expect(value(await store.highWater())).toBe(4);
    });

    it('two clients racing to create the same generations: exactly one wins each', async (context) => {
      if (!harness.connect) return context.skip();
      const other = await harness.connect();
      // Both clients act as the same Planner (a renewal hands out the same token), so the race
      // is on the generation alone.
      expect(await tokenOf(other)).toBe(token);
      const rounds = 20;
      for (let n = 1; n <= rounds; n++) {
        const [a, b] = await Promise.all([
          store.create(contractPlan(n, { note: 'client a', variant: 1 }), token),
          other.create(contractPlan(n, { note: 'client b', variant: 2 }), token),
        ]);
        const outcomes = [a, b].map((r) => (r.ok ? 'ok' : r.code)).sort();
        expect(outcomes, `generation ${n}`).toEqual(['exists', 'ok']);
        const winner = a.ok ? 'client a' : 'client b';
        expect(value(await store.get(g(n)))?.note).toBe(winner);
        expect(value(await other.get(g(n)))?.note).toBe(winner);
      }
      expect(await generations(store)).toEqual(Array.from({ length: rounds }, (_, i) => i + 1));
    });

    it('notices a newer generation created by another client, and a deletion by it', async (context) => {
      if (!harness.connect) return context.skip();
      const other = await harness.connect();
      await createOk(store, contractPlan(1));
      expect(value(await store.latest())?.generation).toBe(1);
      await createOk(other, contractPlan(2, { variant: 5 }));
      expect(value(await store.latest())).toEqual(contractPlan(2, { variant: 5 }));
      await other.delete(g(2));
      expect(value(await store.latest())).toEqual(contractPlan(1));
      const stale = await store.create(contractPlan(2), token);
      expect(stale.ok ? 'ok' : stale.code).toBe('exists');
    });

    it('keeps every created plan across a reopen, and numbering continues above them', async (context) => {
      if (!harness.reopen) return context.skip();
      const plans = [1, 2, 5].map((n) => contractPlan(n, { endpointCount: 50, variant: n }));
      for (const plan of plans) await createOk(store, plan);
      await store.delete(g(5));
      const reopened = await harness.reopen();
      expect(value(await reopened.latest())).toEqual(plans[1]);
      expect(value(await reopened.get(g(1)))).toEqual(plans[0]);
      expect(await generations(reopened)).toEqual([1, 2]);
      const reuse = await reopened.create(contractPlan(5), token);
      expect(reuse.ok ? 'ok' : reuse.code).toBe('exists');
      await createOk(reopened, contractPlan(6));
    });

    it('a fresh store has granted no token: create with any token fails "fenced"', async () => {
      const fresh = await setup();
      try {
        for (const t of [0, 1, 2]) expect(outcome(await fresh.store.create(contractPlan(1), t)), `token ${t}`).toBe('fenced');
        expect(await generations(fresh.store)).toEqual([]);
      } finally {
        await fresh.close();
      }
    });

    it('grants an expired lease with a greater token; the holder renews it and keeps the token', async () => {
      await harness.advanceLeaseTimeMs(LEASE_TTL_MS_LONG);
      const first = value(await store.acquireLease('planner-a', LEASE_TTL_MS));
      expect(first).toEqual({ holder: 'planner-a', token: first.token, ttlMs: LEASE_TTL_MS });
      expect(Number.isSafeInteger(first.token) && first.token > token).toBe(true);
      await harness.advanceLeaseTimeMs(LEASE_TTL_MS / 2);
      expect(await store.acquireLease('planner-a', LEASE_TTL_MS)).toEqual({ ok: true, value: first });
    });

    it('refuses a lease held by another, unexpired, as retryable "held" naming the holder; a renewal pushes the expiry out', async () => {
      await harness.advanceLeaseTimeMs(LEASE_TTL_MS_LONG);
      const a = value(await store.acquireLease('planner-a', LEASE_TTL_MS));
      await harness.advanceLeaseTimeMs(600);
      expect(value(await store.acquireLease('planner-a', LEASE_TTL_MS)).token).toBe(a.token);
      // 1,200 ms after the first grant, 600 ms after the renewal: still held.
      await harness.advanceLeaseTimeMs(600);
      const held = await store.acquireLease('planner-b', LEASE_TTL_MS);
      expect(held).toMatchObject({ ok: false, code: 'held', retryable: true });
      if (!held.ok) {
        expect(held.message).toContain('planner-a');
        // The expiry: 400 ms left on the renewed lease.
        expect(held.message).toMatch(harness.leaseRemainingExact === false ? /\b\d+ ms\b/ : /\b400 ms\b/);
      }
      await harness.advanceLeaseTimeMs(400);
      const b = value(await store.acquireLease('planner-b', LEASE_TTL_MS));
      expect(b.token).toBeGreaterThan(a.token);
    });

    it('every grant to a new holder carries a token above every earlier one, also for a holder coming back', async () => {
      const tokens = [token];
      for (const holder of ['planner-a', 'planner-b', 'planner-a', PLANNER, 'planner-b']) {
        await harness.advanceLeaseTimeMs(LEASE_TTL_MS_LONG);
        const grant = value(await store.acquireLease(holder, LEASE_TTL_MS));
        expect(grant.holder).toBe(holder);
        expect(grant.token, `grant to ${holder} after ${tokens.join(', ')}`).toBeGreaterThan(tokens.at(-1)!);
        tokens.push(grant.token);
      }
    });

    it('create with any token but the newest granted fails "fenced", not retryable, and writes nothing', async () => {
      await createOk(store, contractPlan(1), token);
      await harness.advanceLeaseTimeMs(LEASE_TTL_MS_LONG);
      const next = value(await store.acquireLease('planner-b', LEASE_TTL_MS));
      // The paused old leader wakes up and writes with its old token: a new generation, and one
      // that also exists (fencing is decided first: the old leader must step down either way).
      for (const [plan, stale] of [[contractPlan(2, { note: 'old leader' }), token], [contractPlan(1, { note: 'old leader' }), token], [contractPlan(3), next.token + 1]] as const) {
        const result = await store.create(plan, stale);
        expect(result, `generation ${plan.generation} with token ${stale}`).toMatchObject({ ok: false, code: 'fenced', retryable: false });
      }
      expect(await generations(store)).toEqual([1]);
      expect(value(await store.highWater())).toBe(1);
      expect(value(await store.latest())).toEqual(contractPlan(1));
      await createOk(store, contractPlan(2, { note: 'new leader' }), next.token);
      expect(value(await store.get(g(2)))?.note).toBe('new leader');
    });

    it('fencing is by token, not time: an expired lease nobody took over still writes, and its holder renews with the same token', async () => {
      await harness.advanceLeaseTimeMs(LEASE_TTL_MS_LONG * 2);
      await createOk(store, contractPlan(1), token);
      expect(await tokenOf(store)).toBe(token);
    });

    it('two clients racing for a free lease: exactly one gets it', async (context) => {
      if (!harness.connect) return context.skip();
      const other = await harness.connect();
      await harness.advanceLeaseTimeMs(LEASE_TTL_MS_LONG);
      const [a, b] = await Promise.all([store.acquireLease('planner-a', LEASE_TTL_MS), other.acquireLease('planner-b', LEASE_TTL_MS)]);
      expect([outcome(a), outcome(b)].sort()).toEqual(['held', 'ok']);
    });

    it('after a takeover by another client, the old leader cannot write, and the new one can', async (context) => {
      if (!harness.connect) return context.skip();
      const other = await harness.connect();
      await harness.advanceLeaseTimeMs(LEASE_TTL_MS_LONG);
      const old = value(await store.acquireLease('planner-a', LEASE_TTL_MS));
      await createOk(store, contractPlan(1, { note: 'a' }), old.token);
      expect(outcome(await other.acquireLease('planner-b', LEASE_TTL_MS))).toBe('held');
      await harness.advanceLeaseTimeMs(LEASE_TTL_MS);
      const taken = value(await other.acquireLease('planner-b', LEASE_TTL_MS));
      expect(taken.token).toBeGreaterThan(old.token);
      const [fromOld, fromNew] = await Promise.all([
        store.create(contractPlan(2, { note: 'a' }), old.token),
        other.create(contractPlan(2, { note: 'b' }), taken.token),
      ]);
      expect([outcome(fromOld), outcome(fromNew)]).toEqual(['fenced', 'ok']);
      expect(value(await store.get(g(2)))?.note).toBe('b');
      // The old leader asks again: the lease is held by the new one.
      expect(outcome(await store.acquireLease('planner-a', LEASE_TTL_MS))).toBe('held');
    });

    it('keeps the lease and its token across a reopen', async (context) => {
      if (!harness.reopen) return context.skip();
      const reopened = await harness.reopen();
      expect(await tokenOf(reopened)).toBe(token);
      expect(outcome(await reopened.acquireLease('planner-b', LEASE_TTL_MS))).toBe('held');
      await harness.advanceLeaseTimeMs(LEASE_TTL_MS_LONG);
      expect(value(await reopened.acquireLease('planner-b', LEASE_TTL_MS)).token).toBeGreaterThan(token);
      expect(outcome(await reopened.create(contractPlan(1), token))).toBe('fenced');
    });

    // Incremental generations (issue 12): a backend may store a generation as what changed since
    // the one below it (SQLite does); every generation still reads back whole, also after the
    // generations it was derived from were deleted, and after a restart.
    describe('generations that change a few endpoints of many', () => {
      const base = (): Plan => contractPlan(1, { endpointCount: 400, variant: 4 });
      /** generation 2: one endpoint's weights; 3: one endpoint gone, one new; 4: one TTL; 5: back to 2's content. */
      const chain = (): Plan[] => {
        const one = base();
        const two = derived(one, 2, { change: [17] });
        const three = derived(two, 3, { remove: [250], add: 1 });
        const four = derived(three, 4, { ttl: [399] });
        const five = makePlan({ generation: g(5), createdAtMs: 1_700_000_000_005, endpoints: two.endpoints, note: 'back to 2' });
        return [one, two, three, four, five];
      };

      it('latest and get return each whole plan, from this client, another one and after a reopen', async () => {
        const plans = chain();
        for (const plan of plans) {
          await createOk(store, plan);
          expect(value(await store.latest())).toEqual(plan);
        }
        for (const plan of plans) expect(value(await store.get(plan.generation))).toEqual(plan);
        const readers = [harness.connect ? await harness.connect() : null, harness.reopen ? await harness.reopen() : null];
        for (const reader of readers) {
          if (reader === null) continue;
          expect(value(await reader.latest())).toEqual(plans[4]);
          for (const plan of [...plans].reverse()) expect(value(await reader.get(plan.generation))).toEqual(plan);
        }
      });

      it('deleting old generations (the Cleaner, oldest first, and one in the middle) keeps the later ones readable', async () => {
        const plans = chain();
        for (const plan of plans) await createOk(store, plan);
        await store.delete(g(1));
        await store.delete(g(3));
        expect(value(await store.get(g(2)))).toEqual(plans[1]);
        expect(value(await store.get(g(4)))).toEqual(plans[3]);
        await store.delete(g(2));
        await store.delete(g(4));
        expect(await generations(store)).toEqual([5]);
        expect(value(await store.latest())).toEqual(plans[4]);
        const next = derived(plans[4]!, 6, { change: [3] });
        await createOk(store, next);
        const reader = harness.reopen ? await harness.reopen() : store;
        expect(value(await reader.get(g(5)))).toEqual(plans[4]);
        expect(value(await reader.latest())).toEqual(next);
      });

      it('deleting the newest generation and creating above it builds on the one below', async () => {
        const plans = chain();
        for (const plan of plans.slice(0, 3)) await createOk(store, plan);
        await store.delete(g(3));
        expect(value(await store.latest())).toEqual(plans[1]);
        const four = derived(plans[1]!, 4, { change: [5], remove: [6] });
        await createOk(store, four);
        expect(value(await store.latest())).toEqual(four);
        expect(value(await store.get(g(2)))).toEqual(plans[1]);
        const reader = harness.reopen ? await harness.reopen() : store;
        expect(value(await reader.latest())).toEqual(four);
        expect(value(await reader.get(g(1)))).toEqual(plans[0]);
      });

      it('changedSince names what changed after a stored generation, and is null when it cannot tell', async (context) => {
        if (store.changedSince === undefined) return context.skip();
        const plans = chain();
        for (const plan of plans.slice(0, 4)) await createOk(store, plan);
        const since1 = value(await store.changedSince(g(1)));
        expect(since1?.plan).toEqual(plans[3]);
        expect(since1?.since).toBe(1);
        expect(since1?.changed).toEqual(changedNames(plans[0]!, plans[3]!));
        expect(since1?.changed.length).toBe(4);
        expect(value(await store.changedSince(g(3)))?.changed).toEqual(changedNames(plans[2]!, plans[3]!));
        expect(value(await store.changedSince(g(4)))).toBeNull();
        expect(value(await store.changedSince(g(99)))).toBeNull();
        await store.delete(g(1));
        expect(value(await store.changedSince(g(1)))).toBeNull();
        expect(value(await store.changedSince(g(2)))?.changed).toEqual(changedNames(plans[1]!, plans[3]!));
      });

      it('lastChangesSince gives each name the newest generation in between that changed it, a change undone included; null across a gap or a deletion', async (context) => {
        if (store.lastChangesSince === undefined) return context.skip();
        const one = contractPlan(1, { endpointCount: 4 });
        const two = derived(one, 2, { change: [0] });
        const three = derived(two, 3, { ttl: [1] });
        // Generation 4 gives endpoint 0 back its records of generation 1: the plans at both ends agree on it.
        const four = makePlan({ generation: g(4), createdAtMs: 4, note: 'undone', endpoints: three.endpoints.map((e, i) => (i === 0 ? one.endpoints[0]! : e)) });
        for (const plan of [one, two, three, four]) await createOk(store, plan);
        const [e0, e1] = [one.endpoints[0]!.name, one.endpoints[1]!.name];
        const since1 = value(await store.lastChangesSince(g(1)));
        expect(since1?.latest).toBe(4);
        expect(since1?.since).toBe(1);
        expect([...(since1?.changes ?? new Map<string, number>())].sort()).toEqual([[e0, 4], [e1, 3]]);
        expect([...(value(await store.lastChangesSince(g(3)))?.changes ?? [])]).toEqual([[e0, 4]]);
        expect(value(await store.lastChangesSince(g(4)))?.changes.size).toBe(0);
        expect(value(await store.lastChangesSince(g(5)))).toBeNull();
        // A jump in numbering: another lineage may have had a 5.
        await createOk(store, derived(four, 6, { change: [2] }));
        expect(value(await store.lastChangesSince(g(4)))).toBeNull();
        expect(value(await store.lastChangesSince(g(6)))?.changes.size).toBe(0);
        await store.delete(g(2));
        expect(value(await store.lastChangesSince(g(1)))).toBeNull();
      });

      it('creates issued together are each answered in issue order: ok is stored (also after a reopen), a repeated number is "exists"', async () => {
        const plans = chain();
        const token = await tokenOf(store);
        // Not awaited one by one: a Planner's creates may overlap (a store may commit them together).
        const issued = [plans[0]!, plans[1]!, plans[1]!, plans[2]!, plans[3]!, contractPlan(3, { note: 'late 3' }), plans[4]!];
        const results = await Promise.all(issued.map((plan) => store.create(plan, token)));
        expect(results.map(outcome)).toEqual(['ok', 'ok', 'exists', 'ok', 'ok', 'exists', 'ok']);
        expect(value(await store.highWater())).toBe(5);
        const reader = harness.reopen ? await harness.reopen() : store;
        for (const plan of plans) expect(value(await reader.get(plan.generation))).toEqual(plan);
        expect(value(await reader.latest())).toEqual(plans[4]);
        expect((value(await reader.list())).map((info) => info.generation)).toEqual([1, 2, 3, 4, 5]);
      });

      it('changedSince sees a generation deleted by another client, and counts from what is stored', async (context) => {
        if (store.changedSince === undefined) return context.skip();
        const plans = chain();
        for (const plan of plans.slice(0, 3)) await createOk(store, plan);
        // The store held generation 2 just before 3: a delete by another client must not be missed.
        const other = harness.connect ? await harness.connect() : store;
        await other.delete(g(2));
        expect(value(await store.changedSince(g(2)))).toBeNull();
        expect(value(await store.changedSince(g(1)))?.changed).toEqual(changedNames(plans[0]!, plans[2]!));
        // A later generation counts from the one asked about, whatever this client held.
        const four = derived(plans[2]!, 4, { change: [2], add: 1 });
        await createOk(other, four);
        const since3 = value(await store.changedSince(g(3)));
        expect(since3?.plan).toEqual(four);
        expect(since3?.changed).toEqual(changedNames(plans[2]!, four));
      });
    });

    it('reports an unavailable backend as a retryable "unavailable" Failure from every method, never a throw', async (context) => {
      if (!harness.makeUnavailable) return context.skip();
      await createOk(store, contractPlan(1));
      await harness.makeUnavailable();
      const results: Result<unknown>[] = [
        await store.acquireLease(PLANNER, LEASE_TTL_MS),
        await store.latest(),
        await store.highWater(),
        await store.get(g(1)),
        await store.create(contractPlan(2), token),
        await store.list(),
        await store.delete(g(1)),
      ];
      for (const result of results) {
        expect(result).toMatchObject({ ok: false, code: 'unavailable', retryable: true });
      }
    });
  });
}
