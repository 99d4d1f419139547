/**
 * Turns a schema-valid raw config into DnsplaneConfig: branded ids through core's constructors,
 * lower-case absolute names, canonical IPv6, parsed listen addresses and probe targets, resolved
 * store path. Everything it reads has been validated, so a failed parse here is a bug (assert).
 */
import { availableParallelism } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { assert } from '../../core/model/assert.js';
import { enactorId, endpointName, loadBalancerId } from '../../core/model/ids.js';
import { absoluteName, canonicalIPv6, parseHostPort } from './field-checks.js';
import { PLANNER_LEASE_INTERVALS } from './control-plane.js';
import { buildHttp } from './http-schema.js';
import { buildProviders } from './providers-schema.js';
import { buildEtcdStore } from './store-schema.js';
import { buildGlobalNames, buildHttpExpectation, buildSafety } from './safety-schema.js';
import { DEFAULTS } from './schema.js';
/** Deletions per Cleaner tick: a bound on one tick's work, not an operator setting. */
export const CLEANER_DELETIONS_PER_TICK_MAX = 1000;
export function buildConfig(raw, context) {
    return {
        source: context.source,
        zone: absoluteName(raw.zone),
        region: raw.region,
        fleet: { loadBalancers: raw.loadBalancers.map(toLoadBalancer), endpoints: [...raw.endpoints.map(toEndpoint), ...buildGlobalNames(raw.regions, raw.globalNames)] },
        checks: raw.loadBalancers.flatMap(toCheck),
        enactors: raw.enactors.map(enactorId),
        health: withoutUndefined(raw.health),
        guards: { ...raw.guards },
        planner: { ...raw.planner, guards: { ...raw.guards }, leaseTtlMs: raw.planner.intervalMs * PLANNER_LEASE_INTERVALS },
        enactor: {
            intervalMs: raw.enactor.intervalMs,
            enactAttemptsMax: raw.enactor.attemptsMax,
            backoffBaseMs: raw.enactor.backoffBaseMs,
            backoffMaxMs: raw.enactor.backoffMaxMs,
            reconcileIntervalMs: raw.enactor.reconcileIntervalMs,
        },
        cleaner: {
            intervalMs: raw.cleaner.intervalMs,
            generationsRetainedMin: raw.cleaner.keepGenerations,
            retentionMs: raw.cleaner.retentionMs,
            deletionsPerTickMax: CLEANER_DELETIONS_PER_TICK_MAX,
        },
        dns: toDns(raw.dns),
        http: buildHttp(raw.http, context.baseDir),
        store: toStore(raw.store, context),
        providers: buildProviders(raw.providers, absoluteName(raw.zone)),
        safety: buildSafety(raw.safety),
        regions: (raw.regions ?? []).map((r) => ({ name: r.name, endpoint: absoluteName(r.endpoint) })),
    };
}
function toLoadBalancer(raw) {
    return {
        id: loadBalancerId(raw.id),
        az: raw.az,
        ...(raw.ipv4 === undefined ? {} : { ipv4: raw.ipv4 }),
        ...(raw.ipv6 === undefined ? {} : { ipv6: canonicalIPv6(raw.ipv6) }),
        capacity: raw.capacity,
    };
}
function toEndpoint(raw) {
    const select = {
        ...(raw.select.az === undefined ? {} : { az: raw.select.az }),
        ...(raw.select.ids === undefined ? {} : { ids: raw.select.ids.map(loadBalancerId) }),
    };
    return { name: endpointName(raw.name), select, ttlSeconds: raw.ttl, answersMax: raw.answers };
}
function toCheck(raw) {
    if (raw.check === undefined)
        return [];
    return [{ id: loadBalancerId(raw.id), target: toProbeTarget(raw.check) }];
}
function toProbeTarget(check) {
    if (check.http !== undefined) {
        const expect = buildHttpExpectation(check);
        return expect === undefined ? { kind: 'http', url: check.http } : { kind: 'http', url: check.http, expect };
    }
    assert(check.tcp !== undefined, 'a validated check has http or tcp');
    const { host, port } = hostPort(check.tcp, 1);
    return { kind: 'tcp', host, port };
}
/** One answering process per core: a Node process is bound by its cost per datagram (docs/dns-server.md). */
export function dnsWorkersDefault() {
    return Math.min(DNS_WORKERS_MAX, availableParallelism());
}
const DNS_WORKERS_MAX = 16;
function toDns(raw) {
    const listen = hostPort(raw.listen, 0);
    const key = (k) => ({ name: absoluteName(k.name), algorithm: k.algorithm, secret: k.secret });
    const common = {
        listen, workers: raw.workers ?? dnsWorkersDefault(), operatorKeys: (raw.operatorKeys ?? []).map(key), updateRecordsMax: raw.updateRecordsMax, rateLimit: raw.rateLimit, tcp: raw.tcp,
        transfer: { keys: raw.transfer.keys.map(absoluteName), notify: raw.transfer.notify.map((target) => (typeof target === 'string' ? hostPort(target, 1) : { ...hostPort(target.address, 1), key: absoluteName(target.key) })) },
    };
    return raw.tsig === undefined ? common : { ...common, tsig: key(raw.tsig) };
}
function toStore(raw, context) {
    const path = raw.sqlite === undefined ? resolve(context.dataDir, DEFAULTS.sqliteFile) : isAbsolute(raw.sqlite) ? raw.sqlite : resolve(context.baseDir, raw.sqlite);
    return { kind: 'sqlite', path, ...(raw.etcd === undefined ? {} : { etcd: buildEtcdStore(raw.etcd, context.baseDir) }) };
}
function hostPort(text, portMin) {
    const parsed = parseHostPort(text, portMin);
    assert(typeof parsed !== 'string', `validated address '${text}' did not parse: ${String(parsed)}`);
    return parsed;
}
/** zod leaves absent optional keys as `undefined`; the typed config leaves them out. */
function withoutUndefined(value) {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}
//# sourceMappingURL=build.js.map