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
 *   < N or absent     records differ / only the fence moves     written (content first)
 *
 * Every write is still a compare-and-swap on the fence RRset exactly as read. Before a write is
 * kept, `checkWrite` re-checks it against what is live (per-write guards).
 */
import { fenceGeneration } from '../model/fence.js';
import { servedDifference } from '../model/served.js';
import { checkWrite } from './plan-guards.js';
const KIND_ORDER = { repair: 0, adopt: 0, content: 1, 'fence-only': 2 };
export function buildWriteSet(context, live, only) {
    const writes = [];
    const skipped = [];
    const floor = providerFloor(context, live);
    for (const endpoint of context.plan.endpoints) {
        if (only && !only.has(endpoint.name))
            continue;
        const decision = decide(context, endpoint, live.get(endpoint.name) ?? absent(endpoint), floor);
        if ('why' in decision) {
            if (decision.why !== 'in-sync')
                skipped.push(decision);
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
    return { writes, skipped };
}
/** Why a planned write must not be sent now, under the guards in force now (null: it may). */
export function refusalNow(guards, provider, planned, servedPeak) {
    return checkWrite(guards, planned.plannedEndpoint, planned.write.records, planned.live, provider, planned.kind, servedPeak);
}
/** How many writes change what a name answers (repairs, adoptions, content): they get batches of their own. */
export function contentChangeCount(set) {
    return set.writes.filter((w) => w.kind !== 'fence-only').length;
}
/** Every fence an Enactor writes carries a 16-hex-digit endpoint digest; another tool's may not. */
const OUR_DIGEST = /^[0-9a-f]{16}$/;
/** Whether the name's own fence records what it last served: one of ours is live on it. */
function ownHistoryKnown(live) {
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
function providerFloor(context, live) {
    let floor = 0;
    for (const endpoint of live.values()) {
        const generation = fenceGeneration(endpoint.fence);
        if (generation <= context.plan.generation + context.generationJumpMax)
            floor = Math.max(floor, generation);
    }
    return floor;
}
function decide(context, endpoint, live, floor) {
    const { plan } = context;
    const drift = driftOf(context, endpoint, live);
    const liveEmpty = live.addresses.length === 0;
    const skip = (why, detail) => ({ endpoint: endpoint.name, why, liveGeneration: fenceGeneration(live.fence), detail });
    const write = (kind, detail, generation = plan.generation) => ({
        kind, detail, liveEmpty, liveFence: live.fence, live, plannedEndpoint: endpoint, write: fencedWrite(endpoint, live, { generation, digest: endpoint.digest, by: context.by }),
    });
    const behindFloor = () => skip('newer', `generation ${floor} is live on this provider: waiting for a plan above ${floor}`);
    if (live.fence === null && live.fenceMalformed !== undefined) {
        if (context.adopt(endpoint.name) && plan.generation < floor)
            return behindFloor();
        if (context.adopt(endpoint.name))
            return write('adopt', `fence not ours (${live.fenceMalformed}); adopted by an operator`);
        return skip('foreign-fence', `fence is not ours: ${live.fenceMalformed}`);
    }
    const liveGeneration = fenceGeneration(live.fence);
    if (liveGeneration > plan.generation + context.generationJumpMax) {
        if (context.adopt(endpoint.name) && plan.generation < floor)
            return behindFloor();
        if (context.adopt(endpoint.name))
            return write('adopt', `fence generation ${liveGeneration} is beyond any plan (${plan.generation} + ${context.generationJumpMax}); adopted by an operator`);
        return skip('foreign-fence', `fence generation ${liveGeneration} is beyond any plan (${plan.generation} + ${context.generationJumpMax}): not ours`);
    }
    if (liveGeneration > plan.generation)
        return skip('newer', `live generation ${liveGeneration} > ${plan.generation}`);
    if (liveGeneration < plan.generation && plan.generation < floor && !ownHistoryKnown(live))
        return behindFloor();
    if (liveGeneration === plan.generation) {
        if (live.fence.digest !== endpoint.digest)
            return skip('divergent', `live generation ${liveGeneration} carries digest ${live.fence.digest}, the plan ${endpoint.digest}`);
        if (drift === null)
            return skip('in-sync', '');
        return write('repair', `live records differ from generation ${plan.generation}: ${drift}`);
    }
    if (drift === null && live.fence !== null && live.fence.digest === endpoint.digest)
        return write('fence-only', '');
    return write('content', drift ?? 'records change');
}
/** Why what is live is not what the plan's endpoint materialises to (null: it is). */
function driftOf(context, endpoint, live) {
    // The plan's endpoint is its own records (recordsOf copies them for the write): remembered by it.
    if (context.differences !== undefined)
        return context.differences.difference(context.provider, endpoint, live);
    return servedDifference(context.provider.materialise(recordsOf(endpoint)), live);
}
function absent(endpoint) {
    return { name: endpoint.name, fenceRaw: null, fence: null, ttlSeconds: null, addresses: [] };
}
function recordsOf(endpoint) {
    return { ttlSeconds: endpoint.ttlSeconds, answersMax: endpoint.answersMax, addresses: endpoint.addresses };
}
function fencedWrite(endpoint, live, newFence) {
    return { endpoint: endpoint.name, expectedFence: live.fenceRaw, newFence, records: recordsOf(endpoint) };
}
//# sourceMappingURL=write-set.js.map