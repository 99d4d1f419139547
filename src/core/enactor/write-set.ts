/**
 * Which endpoints an Enactor must write on one provider, given the plan and what is live. Pure.
 *
 *   live fence        plan generation N                         what happens
 *   ─────────────     ────────────────────────────────────────  ───────────────────────────────
 *   not ours          (malformed, several records, or a         left untouched, alarmed; written
 *                      generation beyond N + jump bound)        only under an operator's adopt
 *   > N               someone newer is live                     skipped, not converged
 *   = N, other digest a different plan numbered N (restore)     skipped, not converged: the
 *                                                               Planner renumbers above it
 *   = N, same digest  records differ from what N materialises   repaired (same generation)
 *   < N, same digest  records are N's, and no plan between the  left (lagging): see fenceMayStay
 *   and records       fence and N changed the name
 *   < N or absent     records differ / only the fence moves     written (content first)
 *
 * Every write is still a compare-and-swap on the fence RRset exactly as read. Before a write is
 * kept, `checkWrite` re-checks it against what is live (per-write guards).
 */
import { fenceGeneration, type Fence } from '../model/fence.js';
import type { EnactorId, EndpointName } from '../model/ids.js';
import type { EndpointPlan, Plan } from '../model/plan.js';
import { servedDifference, type ServedDifferenceCache } from '../model/served.js';
import type { DnsProvider, FencedWrite, LiveEndpoint } from '../ports/dns-provider.js';
import { checkWrite, type ServedPeak, type WriteGuards } from './plan-guards.js';

export type WriteKind = 'repair' | 'adopt' | 'content' | 'fence-only';

export interface PlannedWrite {
  readonly write: FencedWrite;
  readonly kind: WriteKind;
  /** Why (for repairs and adoptions: what differed). */
  readonly detail: string;
  /** The live name had no address at all (a repair of an empty name is alarmed). */
  readonly liveEmpty: boolean;
  /** The parsed live fence the write replaces (null: absent or not ours), for the never-backwards assertion. */
  readonly liveFence: Fence | null;
  /** What was live when the write was planned: the per-write guards are checked again against it just before it is sent. */
  readonly live: LiveEndpoint;
  readonly plannedEndpoint: EndpointPlan;
}

export type SkipReason = 'in-sync' | 'newer' | 'divergent' | 'foreign-fence' | 'refused';

export interface WriteSetSkip {
  readonly endpoint: string;
  readonly why: SkipReason;
  /** The live fence's generation (0 when absent or not ours). */
  readonly liveGeneration: number;
  readonly detail: string;
}

export interface WriteSet {
  /** Repairs and adoptions first, then content changes, then fence-only moves. */
  readonly writes: readonly PlannedWrite[];
  readonly skipped: readonly WriteSetSkip[];
  /** Names left serving the plan under an older fence (fenceMayStay): not written, not alarmed. */
  readonly lagging: number;
}

export interface WriteSetContext {
  readonly plan: Plan;
  readonly provider: Pick<DnsProvider, 'materialise'>;
  readonly by: EnactorId;
  readonly guards: WriteGuards;
  /** A live generation above plan + this is not ours: a foreign or mistyped fence, never a plan. */
  readonly generationJumpMax: number;
  /** Whether an operator asked to adopt this endpoint back (overwrite a fence that is not ours). */
  readonly adopt: (endpoint: string) => boolean;
  /** The highest capacity a name served on this provider within the velocity window (absent: what it serves now). */
  readonly servedPeak?: (endpoint: string) => ServedPeak;
  /** Remembered comparisons of the plan with what is live (absent: compare every name afresh). */
  readonly differences?: ServedDifferenceCache;
  /**
   * Whether a name that serves the plan's records under an older fence of ours may keep that
   * fence for now (absent: never). Only where no generation between the fence and the plan
   * changed the name: a delayed writer holding any plan in between then writes these same
   * records, so the fence left behind shuts out nothing it must. Moving it would be a write per
   * name per generation: at 100,000 names, most of the Enactors' work for a one-name change.
   */
  readonly fenceMayStay?: (endpoint: EndpointName, liveGeneration: number) => boolean;
}

const KIND_ORDER: Readonly<Record<WriteKind, number>> = { repair: 0, adopt: 0, content: 1, 'fence-only': 2 };

export function buildWriteSet(context: WriteSetContext, live: ReadonlyMap<string, LiveEndpoint>, only?: ReadonlySet<string>): WriteSet {
  const writes: PlannedWrite[] = [];
  const skipped: WriteSetSkip[] = [];
  const floor = providerFloor(context, live);
  let lagging = 0;
  for (const endpoint of context.plan.endpoints) {
    if (only && !only.has(endpoint.name)) continue;
    const decision = decide(context, endpoint, live.get(endpoint.name) ?? absent(endpoint), floor);
    if (decision === LAGGING) {
      lagging++;
      continue;
    }
    if ('why' in decision) {
      if (decision.why !== 'in-sync') skipped.push(decision);
      continue;
    }
    const refusal = checkWrite(context.guards, endpoint, decision.write.records, live.get(endpoint.name) ?? absent(endpoint), context.provider, decision.kind, context.servedPeak?.(endpoint.name));
    if (refusal !== null) {
      skipped.push({ endpoint: endpoint.name, why: 'refused', liveGeneration: fenceGeneration(live.get(endpoint.name)?.fence ?? null), detail: refusal });
      continue;
    }
    writes.push(decision);
  }
  writes.sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
  return { writes, skipped, lagging };
}

/** decide's answer for a name left serving the plan under an older fence of ours. */
const LAGGING = 'lagging';

/** Why a planned write must not be sent now, under the guards in force now (null: it may). */
export function refusalNow(guards: WriteGuards, provider: Pick<DnsProvider, 'materialise'>, planned: PlannedWrite, servedPeak?: ServedPeak): string | null {
  return checkWrite(guards, planned.plannedEndpoint, planned.write.records, planned.live, provider, planned.kind, servedPeak);
}

/** How many writes change what a name answers (repairs, adoptions, content): they get batches of their own. */
export function contentChangeCount(set: WriteSet): number {
  return set.writes.filter((w) => w.kind !== 'fence-only').length;
}

/** Every fence an Enactor writes carries a 16-hex-digit endpoint digest; another tool's may not. */
const OUR_DIGEST = /^[0-9a-f]{16}$/;

/** Whether the name's own fence records what it last served: one of ours is live on it. */
function ownHistoryKnown(live: LiveEndpoint): boolean {
  return live.fence !== null && OUR_DIGEST.test(live.fence.digest);
}

/**
 * The newest generation live on this provider, foreign fences beyond the jump bound aside (0: none).
 * A name's own fence can be gone or replaced by hand (deleted, `gen=1 digest=aa by=x` planted),
 * losing the record of what it last served; what it served was at most its peers' newest. A plan
 * below that (a restored store, a lagging Enactor) may be older than what the name served, so such
 * a name waits for the Planner, which numbers above every live fence. Names whose own fence is ours
 * are judged by it alone (a hand-raised fence on one name holds up no other).
 */
function providerFloor(context: WriteSetContext, live: ReadonlyMap<string, LiveEndpoint>): number {
  let floor = 0;
  for (const endpoint of live.values()) {
    const generation = fenceGeneration(endpoint.fence);
    if (generation <= context.plan.generation + context.generationJumpMax) floor = Math.max(floor, generation);
  }
  return floor;
}

function decide(context: WriteSetContext, endpoint: EndpointPlan, live: LiveEndpoint, floor: number): PlannedWrite | WriteSetSkip | typeof LAGGING {
  const { plan } = context;
  const drift = driftOf(context, endpoint, live);
  const liveEmpty = live.addresses.length === 0;
  const skip = (why: SkipReason, detail: string): WriteSetSkip => ({ endpoint: endpoint.name, why, liveGeneration: fenceGeneration(live.fence), detail });
  const write = (kind: WriteKind, detail: string, generation = plan.generation): PlannedWrite => ({
    kind, detail, liveEmpty, liveFence: live.fence, live, plannedEndpoint: endpoint, write: fencedWrite(endpoint, live, { generation, digest: endpoint.digest, by: context.by }),
  });
  const behindFloor = (): WriteSetSkip => skip('newer', `generation ${floor} is live on this provider: waiting for a plan above ${floor}`);
  if (live.fence === null && live.fenceMalformed !== undefined) {
    if (context.adopt(endpoint.name) && plan.generation < floor) return behindFloor();
    if (context.adopt(endpoint.name)) return write('adopt', `fence not ours (${live.fenceMalformed}); adopted by an operator`);
    return skip('foreign-fence', `fence is not ours: ${live.fenceMalformed}`);
  }
  const liveGeneration = fenceGeneration(live.fence);
  if (liveGeneration > plan.generation + context.generationJumpMax) {
    if (context.adopt(endpoint.name) && plan.generation < floor) return behindFloor();
    if (context.adopt(endpoint.name)) return write('adopt', `fence generation ${liveGeneration} is beyond any plan (${plan.generation} + ${context.generationJumpMax}); adopted by an operator`);
    return skip('foreign-fence', `fence generation ${liveGeneration} is beyond any plan (${plan.generation} + ${context.generationJumpMax}): not ours`);
  }
  if (liveGeneration > plan.generation) return skip('newer', `live generation ${liveGeneration} > ${plan.generation}`);
  if (liveGeneration < plan.generation && plan.generation < floor && !ownHistoryKnown(live)) return behindFloor();
  if (liveGeneration === plan.generation) {
    if (live.fence!.digest !== endpoint.digest) return skip('divergent', `live generation ${liveGeneration} carries digest ${live.fence!.digest}, the plan ${endpoint.digest}`);
    if (drift === null) return skip('in-sync', '');
    return write('repair', `live records differ from generation ${plan.generation}: ${drift}`);
  }
  if (drift === null && live.fence !== null && live.fence.digest === endpoint.digest) {
    return context.fenceMayStay?.(endpoint.name, liveGeneration) === true ? LAGGING : write('fence-only', '');
  }
  return write('content', drift ?? 'records change');
}

/** Why what is live is not what the plan's endpoint materialises to (null: it is). */
function driftOf(context: WriteSetContext, endpoint: EndpointPlan, live: LiveEndpoint): string | null {
  // The plan's endpoint is its own records (recordsOf copies them for the write): remembered by it.
  if (context.differences !== undefined) return context.differences.difference(context.provider, endpoint, live);
  return servedDifference(context.provider.materialise(recordsOf(endpoint)), live);
}

function absent(endpoint: EndpointPlan): LiveEndpoint {
  return { name: endpoint.name, fenceRaw: null, fence: null, ttlSeconds: null, addresses: [] };
}

function recordsOf(endpoint: EndpointPlan): FencedWrite['records'] {
  return { ttlSeconds: endpoint.ttlSeconds, answersMax: endpoint.answersMax, addresses: endpoint.addresses };
}

function fencedWrite(endpoint: EndpointPlan, live: LiveEndpoint, newFence: Fence): FencedWrite {
  return { endpoint: endpoint.name, expectedFence: live.fenceRaw, newFence, records: recordsOf(endpoint) };
}
