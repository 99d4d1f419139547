/**
 * Which endpoints an Enactor must write, given the plan and what is live. Pure.
 *
 * An endpoint is written when its live fence is below the plan's generation. Endpoints whose
 * records change come first; endpoints whose records already match (only the fence moves) come
 * after, so a change reaches the answer before the bookkeeping.
 */
import { fenceGeneration, type Fence } from '../model/fence.js';
import type { EnactorId } from '../model/ids.js';
import type { EndpointPlan, Plan } from '../model/plan.js';
import type { FencedWrite, LiveEndpoint } from '../ports/dns-provider.js';

export interface WriteSetSkip {
  readonly endpoint: string;
  readonly why: 'newer-or-equal' | 'malformed-fence';
  /** The live fence's generation (0 when absent or malformed). */
  readonly liveGeneration: number;
  readonly detail: string;
}

export interface WriteSet {
  readonly writes: readonly FencedWrite[];
  /** The first this many writes change records; the rest only move fences. */
  readonly contentChangeCount: number;
  readonly skipped: readonly WriteSetSkip[];
}

export function buildWriteSet(plan: Plan, live: ReadonlyMap<string, LiveEndpoint>, by: EnactorId, only?: ReadonlySet<string>): WriteSet {
  const contentChanges: FencedWrite[] = [];
  const fenceOnly: FencedWrite[] = [];
  const skipped: WriteSetSkip[] = [];
  for (const endpoint of plan.endpoints) {
    if (only && !only.has(endpoint.name)) continue;
    const current = live.get(endpoint.name);
    const fence = current?.fence ?? null;
    if (current?.fenceMalformed !== undefined) {
      skipped.push({ endpoint: endpoint.name, why: 'malformed-fence', liveGeneration: 0, detail: current.fenceMalformed });
      continue;
    }
    if (fenceGeneration(fence) >= plan.generation) {
      skipped.push({ endpoint: endpoint.name, why: 'newer-or-equal', liveGeneration: fenceGeneration(fence), detail: `live generation ${fenceGeneration(fence)} >= ${plan.generation}` });
      continue;
    }
    const write = fencedWrite(plan, endpoint, fence, by);
    if (fence !== null && fence.digest === endpoint.digest) fenceOnly.push(write);
    else contentChanges.push(write);
  }
  return { writes: [...contentChanges, ...fenceOnly], contentChangeCount: contentChanges.length, skipped };
}

function fencedWrite(plan: Plan, endpoint: EndpointPlan, expectedFence: Fence | null, by: EnactorId): FencedWrite {
  return {
    endpoint: endpoint.name,
    expectedFence,
    newFence: { generation: plan.generation, digest: endpoint.digest, by },
    records: { ttlSeconds: endpoint.ttlSeconds, answersMax: endpoint.answersMax, addresses: endpoint.addresses },
  };
}
