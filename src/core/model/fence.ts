/**
 * The fence: a TXT record at `_dnsplane.<endpoint>` whose value names the plan generation whose
 * records are live on that endpoint, the digest of those records and the Enactor that wrote them:
 *
 *     _dnsplane.api.us-east-1.example.test. TXT "gen=42 digest=9f2c... by=use1-az1"
 *
 * Every write of an endpoint is a compare-and-swap on this record (ARCHITECTURE §2).
 */
import { assert } from './assert.js';
import { generation, type EndpointName, type Generation } from './ids.js';

export interface Fence {
  readonly generation: Generation;
  readonly digest: string;
  readonly by: string;
}

export const FENCE_LABEL = '_dnsplane';

export function fenceName(endpoint: EndpointName): string {
  return `${FENCE_LABEL}.${endpoint}`;
}

export function formatFence(fence: Fence): string {
  return `gen=${fence.generation} digest=${fence.digest} by=${fence.by}`;
}

export type FenceParse = { readonly ok: true; readonly fence: Fence } | { readonly ok: false; readonly reason: string };

const FENCE_PATTERN = /^gen=(\d{1,15}) digest=([0-9a-f]{1,64}) by=([A-Za-z0-9._-]{1,63})$/;

/** Parses a fence value. A malformed fence is reported, not assumed: the Enactor refuses to overwrite it blindly. */
export function parseFence(text: string): FenceParse {
  const match = FENCE_PATTERN.exec(text);
  if (!match) return { ok: false, reason: `malformed fence '${text}'` };
  return { ok: true, fence: { generation: generation(Number(match[1])), digest: match[2]!, by: match[3]! } };
}

export function fencesEqual(a: Fence | null, b: Fence | null): boolean {
  if (a === null || b === null) return a === b;
  return a.generation === b.generation && a.digest === b.digest && a.by === b.by;
}

export function fenceGeneration(fence: Fence | null): Generation {
  return fence === null ? generation(0) : fence.generation;
}

export function assertFenceAdvances(live: Fence | null, next: Fence): void {
  assert(next.generation > fenceGeneration(live), `fence must advance: live ${fenceGeneration(live)}, next ${next.generation}`);
}
