/**
 * Checks that relate several fields: uniqueness, and endpoints against the zone and the fleet.
 * Attached to the schema as refinements, so they report through the same path as type errors.
 * zod runs a refinement only when the value it sees parsed, so these may assume the types hold.
 */
import type { z } from 'zod';
import { canonicalIPv6, isInZone } from './field-checks.js';
import type { RawConfig, RawEndpoint, RawLoadBalancer } from './schema.js';

type Ctx = z.RefinementCtx;

/** The label the fence records live under; an endpoint there would collide with them. */
const FENCE_LABEL = '_dnsplane';

/** `section` names the list in messages: "(first at loadBalancers[0])". */
function reportDuplicates(values: readonly string[], ctx: Ctx, pathOf: (index: number) => PropertyKey[], what: string, section: string): void {
  const firstIndex = new Map<string, number>();
  values.forEach((value, index) => {
    const first = firstIndex.get(value);
    if (first === undefined) {
      firstIndex.set(value, index);
      return;
    }
    ctx.addIssue({ code: 'custom', path: pathOf(index), message: `duplicate ${what} '${value}' (first at ${section}[${String(pathOf(first)[0])}])` });
  });
}

export function checkUniqueLoadBalancers(lbs: readonly RawLoadBalancer[], ctx: Ctx): void {
  reportDuplicates(lbs.map((lb) => lb.id), ctx, (i) => [i, 'id'], 'load balancer id', 'loadBalancers');
  // Two load balancers behind one address would merge into one weighted record: almost surely a typo.
  const v4 = lbs.map((lb, i) => ({ address: lb.ipv4, i })).filter((x) => x.address !== undefined);
  reportDuplicates(v4.map((x) => x.address!), ctx, (k) => [v4[k]!.i, 'ipv4'], 'IPv4 address', 'loadBalancers');
  const v6 = lbs.map((lb, i) => ({ address: lb.ipv6, i })).filter((x) => x.address !== undefined);
  reportDuplicates(v6.map((x) => safeCanonicalIPv6(x.address!)), ctx, (k) => [v6[k]!.i, 'ipv6'], 'IPv6 address', 'loadBalancers');
}

function safeCanonicalIPv6(address: string): string {
  // The value may have failed its own check (a continuable issue); compare it as written then.
  try {
    return canonicalIPv6(address);
  } catch {
    return address.toLowerCase();
  }
}

export function checkUniqueEndpoints(endpoints: readonly RawEndpoint[], ctx: Ctx): void {
  reportDuplicates(endpoints.map((e) => e.name.toLowerCase()), ctx, (i) => [i, 'name'], 'endpoint name', 'endpoints');
}

export function checkUniqueEnactors(ids: readonly string[], ctx: Ctx): void {
  reportDuplicates(ids, ctx, (i) => [i], 'enactor id', 'enactors');
}

/** The fleet as the selection check needs it, built once (a config may have 100,000 endpoints). */
interface FleetIndex {
  /** id → az */
  readonly azOf: ReadonlyMap<string, string>;
  readonly azs: ReadonlySet<string>;
  readonly empty: boolean;
}

export function checkEndpointsAgainstFleet(config: RawConfig, ctx: Ctx): void {
  const fleet: FleetIndex = {
    azOf: new Map(config.loadBalancers.map((lb) => [lb.id, lb.az])),
    azs: new Set(config.loadBalancers.map((lb) => lb.az)),
    empty: config.loadBalancers.length === 0,
  };
  config.endpoints.forEach((endpoint, index) => {
    checkEndpointName(endpoint, index, config.zone, ctx);
    checkEndpointSelection(endpoint, index, fleet, ctx);
  });
}

function checkEndpointName(endpoint: RawEndpoint, index: number, zone: string, ctx: Ctx): void {
  const name = endpoint.name.toLowerCase();
  if (!isInZone(name, zone)) {
    ctx.addIssue({ code: 'custom', path: ['endpoints', index, 'name'], message: `'${endpoint.name}' is outside the zone '${zone}'` });
    return;
  }
  if (name.split('.').includes(FENCE_LABEL)) {
    ctx.addIssue({ code: 'custom', path: ['endpoints', index, 'name'], message: `'${endpoint.name}' uses the label '${FENCE_LABEL}', reserved for fence records` });
  }
}

function checkEndpointSelection(endpoint: RawEndpoint, index: number, fleet: FleetIndex, ctx: Ctx): void {
  const wanted = endpoint.select.ids ?? [];
  let unknown = false;
  wanted.forEach((id, k) => {
    if (fleet.azOf.has(id)) return;
    unknown = true;
    ctx.addIssue({ code: 'custom', path: ['endpoints', index, 'select', 'ids', k], message: `no load balancer has id '${id}'` });
  });
  if (unknown) return;
  if (selectsAny(endpoint.select, fleet)) return;
  const why = endpoint.select.az !== undefined && !fleet.azs.has(endpoint.select.az)
    ? ` (no load balancer is in az '${endpoint.select.az}')`
    : '';
  ctx.addIssue({ code: 'custom', path: ['endpoints', index, 'select'], message: `selects no load balancer${why}` });
}

/** Whether the selection (ids and/or az) matches at least one load balancer: O(ids), not O(fleet). */
function selectsAny(select: RawEndpoint['select'], fleet: FleetIndex): boolean {
  if (select.ids !== undefined) return select.ids.some((id) => select.az === undefined || fleet.azOf.get(id) === select.az);
  return select.az === undefined ? !fleet.empty : fleet.azs.has(select.az);
}
