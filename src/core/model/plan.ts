/**
 * The regional plan: for every endpoint, the addresses (one per load balancer and family) with
 * their weights. A Plan is immutable data; its digest covers the endpoints' canonical text, so two
 * plans with the same content have the same digest whatever their generation.
 */
import { assert } from './assert.js';
import { DIGEST_SUM_ZERO, addDigest, digestText, formatDigestSum } from './digest.js';
import type { EndpointName, Generation, LoadBalancerId } from './ids.js';

export type AddressFamily = 'A' | 'AAAA';

export interface WeightedAddress {
  readonly loadBalancer: LoadBalancerId;
  readonly family: AddressFamily;
  readonly address: string;
  /** Relative weight, a positive integer derived from the load balancer's capacity. */
  readonly weight: number;
}

export interface EndpointPlan {
  readonly name: EndpointName;
  readonly ttlSeconds: number;
  /** At most this many addresses per family go into one answer, chosen by weight. */
  readonly answersMax: number;
  /** Sorted canonically (family, address); never empty in a plan that passed the guards. */
  readonly addresses: readonly WeightedAddress[];
  /** Digest of the canonical text of this endpoint's records; the fence carries it. */
  readonly digest: string;
}

export type EndpointContent = Omit<EndpointPlan, 'digest'>;

export interface Plan {
  readonly generation: Generation;
  readonly digest: string;
  readonly createdAtMs: number;
  /** Sorted by name. */
  readonly endpoints: readonly EndpointPlan[];
  /** Why this generation exists (for the audit log and status). */
  readonly note: string;
}

export function compareAddresses(a: WeightedAddress, b: WeightedAddress): number {
  if (a.family !== b.family) return a.family < b.family ? -1 : 1;
  if (a.address !== b.address) return a.address < b.address ? -1 : 1;
  return 0;
}

export function compareNames(a: { name: string }, b: { name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** The canonical text of one endpoint's records: what its fence digest covers. */
export function endpointCanonicalText(endpoint: EndpointContent): string {
  const addresses = endpoint.addresses.map((a) => `${a.family} ${a.address} ${a.weight} ${a.loadBalancer}`).join(',');
  return `${endpoint.name} ttl=${endpoint.ttlSeconds} answers=${endpoint.answersMax} [${addresses}]`;
}

/**
 * The plan's digest combines the endpoints' digests by addition modulo 2^64. Each endpoint's text
 * includes its (unique) name, so the sum identifies the content, and it can be maintained
 * incrementally when a few endpoints change out of 100,000.
 */
export function planContentDigest(endpoints: readonly EndpointPlan[]): string {
  let sum = DIGEST_SUM_ZERO;
  for (const endpoint of endpoints) sum = addDigest(sum, endpoint.digest);
  return formatDigestSum(sum);
}

/** Builds a plan, sorting endpoints and addresses canonically and asserting basic shape. */
export function makePlan(args: { generation: Generation; createdAtMs: number; endpoints: readonly EndpointContent[]; note: string }): Plan {
  const endpoints = args.endpoints.map(canonicalEndpoint).sort(compareNames);
  for (let i = 1; i < endpoints.length; i++) {
    assert(endpoints[i - 1]!.name !== endpoints[i]!.name, `duplicate endpoint ${endpoints[i]!.name} in plan`);
  }
  return {
    generation: args.generation,
    digest: planContentDigest(endpoints),
    createdAtMs: args.createdAtMs,
    endpoints,
    note: args.note,
  };
}

/** Sorts an endpoint's addresses canonically and computes its digest. */
export function canonicalEndpoint(endpoint: EndpointContent): EndpointPlan {
  for (const a of endpoint.addresses) {
    assert(Number.isSafeInteger(a.weight) && a.weight > 0, `weight of ${a.address} in ${endpoint.name} must be a positive integer`);
  }
  const addresses = [...endpoint.addresses].sort(compareAddresses);
  const digest = digestText(endpointCanonicalText({ name: endpoint.name, ttlSeconds: endpoint.ttlSeconds, answersMax: endpoint.answersMax, addresses }));
  return { name: endpoint.name, ttlSeconds: endpoint.ttlSeconds, answersMax: endpoint.answersMax, addresses, digest };
}

/**
 * Builds a plan from endpoints that are already canonical (the output of computePlan), without
 * hashing every endpoint again: at 100,000 endpoints that would dominate the Planner's tick.
 * Asserts the order and the digest's length; the digest itself is the caller's (computePlan's).
 */
export function planFromCanonical(args: { generation: Generation; createdAtMs: number; endpoints: readonly EndpointPlan[]; digest: string; note: string }): Plan {
  for (let i = 1; i < args.endpoints.length; i++) {
    assert(args.endpoints[i - 1]!.name < args.endpoints[i]!.name, `plan endpoints must be sorted and unique (${args.endpoints[i]!.name})`);
  }
  assert(/^[0-9a-f]{16}$/.test(args.digest), `plan digest must be 16 hex digits, got '${args.digest}'`);
  return { generation: args.generation, digest: args.digest, createdAtMs: args.createdAtMs, endpoints: args.endpoints, note: args.note };
}


/** The endpoint of that name in a plan's endpoints (sorted by name: a binary search), if any. */
export function findEndpoint(endpoints: readonly EndpointPlan[], name: string): EndpointPlan | undefined {
  let low = 0;
  let high = endpoints.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const candidate = endpoints[middle]!;
    if (candidate.name === name) return candidate;
    if (candidate.name < name) low = middle + 1;
    else high = middle - 1;
  }
  return undefined;
}
