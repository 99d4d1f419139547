/**
 * The configuration schema: the single source of truth for what a config file may contain, its
 * defaults, and (through z.toJSONSchema) the published JSON Schema. Every object is strict, so a
 * misspelt key is an error rather than a silently ignored setting.
 *
 * Checks that relate several fields (duplicate ids, an endpoint selecting no load balancer, ...)
 * live in cross-checks.ts and are attached here as refinements, so zod reports them together with
 * the type errors. The JSON Schema cannot express them; docs/configuration.md lists them.
 *
 * Adding a section later (providers:, safety:, regions:) means adding one optional key with a
 * default below and one builder step; existing files stay valid because every new key is optional.
 */
import { looksLikeKeyMaterial } from './issues.js';
import { z } from 'zod';
import { isIPv4, isIPv6 } from 'node:net';
import { checkEndpointsAgainstFleet, checkUniqueEnactors, checkUniqueEndpoints, checkUniqueLoadBalancers } from './cross-checks.js';
import { dnsNameProblem, httpUrlProblem, isStrictBase64, parseHostPort } from './field-checks.js';
import { httpSchema } from './http-schema.js';
import { providersSchema } from './providers-schema.js';
import { storeSchema } from './store-schema.js';
import { HTTP_CHECK_FIELDS, checkHttpFields, HEALTH_ROBUSTNESS_FIELDS, SAFETY_LIMITS, checkSafetySections, globalNameSchema, regionSchema, safetySchema } from './safety-schema.js';
/** Every numeric bound of the config, in one place. */
export const CONFIG_LIMITS = {
    loadBalancersMax: 10_000,
    endpointsMax: 200_000,
    enactorsMax: 64,
    capacityMax: 1_000_000,
    ttlSecondsMax: 86_400,
    answersMax: 64,
    probeIntervalMsMin: 10,
    probeIntervalMsMax: 3_600_000,
    probeTimeoutMsMax: 60_000,
    thresholdMax: 100,
    loopIntervalMsMin: 10,
    loopIntervalMsMax: 3_600_000,
    attemptsMax: 100,
    backoffMsMax: 600_000,
    keepGenerationsMax: 1_000_000,
};
/** The embedded server's defaults that the config exposes (src/dns-server keeps the same numbers). */
const DNS_DEFAULTS = {
    updateRecordsMax: 6000,
    rateLimit: { responsesPerSecond: 100, slip: 2, windowSeconds: 15, ipv4PrefixLength: 24, ipv6PrefixLength: 56 },
    tcp: { connectionsPerClientMax: 16, messageDeadlineMs: 5000 },
};
export const DEFAULTS = {
    capacity: 1,
    ttlSeconds: 5,
    answers: 8,
    health: { intervalMs: 1000, timeoutMs: 500, unhealthyThreshold: 2, healthyThreshold: 2 },
    planner: { intervalMs: 1000, liveFenceCheckIntervalMs: 5000, createAttemptsMax: 5 },
    guards: { minCapacityShare: 0.25 },
    enactor: { intervalMs: 250, attemptsMax: 5, backoffBaseMs: 50, backoffMaxMs: 2000, reconcileIntervalMs: 30_000 },
    cleaner: { keepGenerations: 10, retentionMs: 600_000, intervalMs: 60_000 },
    dnsListen: '127.0.0.1:5353',
    httpListen: '127.0.0.1:8053',
    /** Relative to the data directory (`dnsplane up --data-dir`). */
    sqliteFile: 'plans.db',
};
/** The algorithms src/dns-wire/tsig.ts implements; keep the two lists equal (a type check enforces it in app/runtime). */
export const TSIG_ALGORITHMS = ['hmac-sha256', 'hmac-sha512', 'hmac-sha1'];
/** The shortest TSIG secret accepted per algorithm: the length of its hash output. */
const TSIG_SECRET_BYTES_MIN = { 'hmac-sha256': 32, 'hmac-sha512': 64, 'hmac-sha1': 20 };
/** A string refinement from a function returning the problem (or undefined). */
function checkedString(problem) {
    return z.string().superRefine((value, ctx) => {
        const found = problem(value);
        if (found !== undefined)
            ctx.addIssue({ code: 'custom', message: found });
    });
}
function int(min, max) {
    return z.int().min(min).max(max);
}
const ID_PATTERN = /^[A-Za-z0-9._-]{1,63}$/;
const idString = (what) => z.string().regex(ID_PATTERN, { error: (issue) => `${what} ${JSON.stringify(issue.input)} must be 1-63 characters of A-Z a-z 0-9 . _ -` });
const notifyAddress = checkedString((text) => { const parsed = parseHostPort(text, 1); return typeof parsed === 'string' ? parsed : undefined; });
const absoluteDnsName = checkedString((name) => dnsNameProblem(name, true));
const ipv4 = checkedString((a) => (isIPv4(a) ? undefined : `'${a}' is not a valid IPv4 address`)).meta({ format: 'ipv4' });
const ipv6 = checkedString((a) => (isIPv6(a) ? undefined : `'${a}' is not a valid IPv6 address`)).meta({ format: 'ipv6' });
const listenAddress = checkedString((text) => {
    const parsed = parseHostPort(text, 0);
    return typeof parsed === 'string' ? parsed : undefined;
}).meta({ description: 'host:port to listen on; IPv6 in brackets ([::1]:5353); port 0 picks a free port' });
const checkSchema = z
    .object({
    http: checkedString(httpUrlProblem).meta({ description: 'GET this URL; healthy on 2xx/3xx' }),
    tcp: checkedString((text) => {
        const parsed = parseHostPort(text, 1);
        return typeof parsed === 'string' ? parsed : undefined;
    }).meta({ description: 'connect to host:port; healthy when the connection opens' }),
    ...HTTP_CHECK_FIELDS,
})
    .partial()
    .strict()
    .superRefine((check, ctx) => {
    const kinds = (check.http === undefined ? 0 : 1) + (check.tcp === undefined ? 0 : 1);
    if (kinds !== 1)
        ctx.addIssue({ code: 'custom', message: `needs exactly one of 'http' or 'tcp', got ${kinds}` });
    checkHttpFields(check, ctx);
})
    .meta({ minProperties: 1, description: 'Health check; omit for a load balancer that is always healthy' });
export const loadBalancerSchema = z
    .object({
    id: idString('load balancer id'),
    az: idString('availability zone'),
    ipv4: ipv4.optional(),
    ipv6: ipv6.optional(),
    capacity: int(1, CONFIG_LIMITS.capacityMax).default(DEFAULTS.capacity)
        .meta({ description: 'Relative capacity; an address is weighted by it' }),
    check: checkSchema.optional(),
})
    .strict()
    .superRefine((lb, ctx) => {
    if (lb.ipv4 === undefined && lb.ipv6 === undefined)
        ctx.addIssue({ code: 'custom', message: 'needs at least one of ipv4, ipv6' });
});
const selectSchema = z
    .object({
    az: idString('availability zone').optional().meta({ description: 'Only load balancers in this availability zone' }),
    ids: z.array(idString('load balancer id')).min(1).optional().meta({ description: 'Only these load balancers' }),
})
    .strict()
    .meta({ description: 'Which load balancers serve this endpoint; {} selects all' });
export const endpointSchema = z
    .object({
    name: absoluteDnsName.meta({ description: 'Absolute DNS name inside the zone' }),
    select: selectSchema.prefault({}),
    ttl: int(0, CONFIG_LIMITS.ttlSecondsMax).default(DEFAULTS.ttlSeconds).meta({ description: 'TTL in seconds' }),
    answers: int(1, CONFIG_LIMITS.answersMax).default(DEFAULTS.answers).meta({ description: 'At most this many addresses per answer' }),
})
    .strict();
const healthSchema = z
    .object({
    intervalMs: int(CONFIG_LIMITS.probeIntervalMsMin, CONFIG_LIMITS.probeIntervalMsMax).default(DEFAULTS.health.intervalMs),
    timeoutMs: int(1, CONFIG_LIMITS.probeTimeoutMsMax).default(DEFAULTS.health.timeoutMs),
    unhealthyThreshold: int(1, CONFIG_LIMITS.thresholdMax).default(DEFAULTS.health.unhealthyThreshold),
    healthyThreshold: int(1, CONFIG_LIMITS.thresholdMax).default(DEFAULTS.health.healthyThreshold),
    ...HEALTH_ROBUSTNESS_FIELDS,
})
    .strict()
    .superRefine((health, ctx) => {
    // A probe still running when the next is due would overlap it; the monitor assumes they do not.
    if (health.timeoutMs >= health.intervalMs) {
        ctx.addIssue({ code: 'custom', path: ['timeoutMs'], message: `timeoutMs (${health.timeoutMs}) must be less than intervalMs (${health.intervalMs})` });
    }
});
const loopInterval = (fallback) => int(CONFIG_LIMITS.loopIntervalMsMin, CONFIG_LIMITS.loopIntervalMsMax).default(fallback);
const plannerSchema = z
    .object({
    intervalMs: loopInterval(DEFAULTS.planner.intervalMs),
    liveFenceCheckIntervalMs: loopInterval(DEFAULTS.planner.liveFenceCheckIntervalMs),
    createAttemptsMax: int(1, CONFIG_LIMITS.attemptsMax).default(DEFAULTS.planner.createAttemptsMax),
})
    .strict();
const guardsSchema = z
    .object({
    minCapacityShare: z.number().min(0).max(1).default(DEFAULTS.guards.minCapacityShare)
        .meta({ description: 'Keep the previous set when healthy capacity falls below this share; 0 disables' }),
})
    .strict();
const enactorSchema = z
    .object({
    intervalMs: loopInterval(DEFAULTS.enactor.intervalMs),
    attemptsMax: int(1, CONFIG_LIMITS.attemptsMax).default(DEFAULTS.enactor.attemptsMax),
    backoffBaseMs: int(0, CONFIG_LIMITS.backoffMsMax).default(DEFAULTS.enactor.backoffBaseMs),
    backoffMaxMs: int(0, CONFIG_LIMITS.backoffMsMax).default(DEFAULTS.enactor.backoffMaxMs),
    reconcileIntervalMs: loopInterval(DEFAULTS.enactor.reconcileIntervalMs),
})
    .strict()
    .superRefine((enactor, ctx) => {
    if (enactor.backoffBaseMs > enactor.backoffMaxMs) {
        ctx.addIssue({ code: 'custom', path: ['backoffBaseMs'], message: `backoffBaseMs (${enactor.backoffBaseMs}) must not exceed backoffMaxMs (${enactor.backoffMaxMs})` });
    }
});
const cleanerSchema = z
    .object({
    keepGenerations: int(1, CONFIG_LIMITS.keepGenerationsMax).default(DEFAULTS.cleaner.keepGenerations),
    retentionMs: int(0, Number.MAX_SAFE_INTEGER).default(DEFAULTS.cleaner.retentionMs),
    intervalMs: loopInterval(DEFAULTS.cleaner.intervalMs),
})
    .strict();
const tsigSchema = z
    .object({
    name: checkedString((name) => (looksLikeKeyMaterial(name) ? 'looks like the secret, not a key name (not shown)' : dnsNameProblem(name, false)))
        .meta({ description: 'Key name, as in nsupdate -y' }),
    algorithm: z.enum(TSIG_ALGORITHMS),
    secret: checkedString((s) => (isStrictBase64(s) ? undefined : 'secret is not valid base64 (RFC 4648, padded)'))
        .meta({ description: 'Base64 key material, as written by tsig-keygen; at least as long as the hash (32 bytes for hmac-sha256, 64 for hmac-sha512, 20 for hmac-sha1)' }),
})
    .strict()
    .superRefine((tsig, ctx) => {
    // RFC 2104 §3: a key shorter than the hash output weakens the MAC; tsig-keygen writes the full length.
    const bytes = isStrictBase64(tsig.secret) ? Buffer.from(tsig.secret, 'base64').length : null;
    const needed = TSIG_SECRET_BYTES_MIN[tsig.algorithm];
    if (bytes !== null && bytes < needed) {
        ctx.addIssue({ code: 'custom', path: ['secret'], message: `secret is ${bytes} bytes; ${tsig.algorithm} needs at least ${needed} (tsig-keygen -a ${tsig.algorithm} writes one)` });
    }
});
const dnsSchema = z
    .object({
    listen: listenAddress.default(DEFAULTS.dnsListen),
    tsig: tsigSchema.optional().meta({ description: 'Key that signs RFC 2136 updates; absent: updates over the wire are refused' }),
    // No default in the schema: it is one per core of the machine that runs it (build.ts).
    workers: int(0, 16).optional()
        .meta({ description: 'Worker processes answering queries from replicas of the zone (0: answer in the main process; default: one per core, at most 16). Writes are acknowledged once every worker has them.' }),
    operatorKeys: z.array(tsigSchema).max(16).optional()
        .meta({ description: 'Keys for operators\' RFC 2136 updates: they may change every name except the managed names and _dnsplane.* (dns.tsig, the Enactors\' key, may change only those)' }),
    updateRecordsMax: int(1, 65535).default(DNS_DEFAULTS.updateRecordsMax)
        .meta({ description: 'Prerequisites plus updates one UPDATE message may list; more is REFUSED' }),
    rateLimit: z.object({
        responsesPerSecond: int(0, 1_000_000).default(DNS_DEFAULTS.rateLimit.responsesPerSecond).meta({ description: 'UDP replies per second per client prefix and answer; 0 turns rate limiting off' }),
        slip: int(0, 10).default(DNS_DEFAULTS.rateLimit.slip).meta({ description: 'Every slip-th limited reply is sent truncated (TC=1) instead of dropped; 0: drop all' }),
        windowSeconds: int(1, 3600).default(DNS_DEFAULTS.rateLimit.windowSeconds).meta({ description: 'Seconds of replies a flooding client may owe before its debt stops growing' }),
        ipv4PrefixLength: int(8, 32).default(DNS_DEFAULTS.rateLimit.ipv4PrefixLength),
        ipv6PrefixLength: int(16, 128).default(DNS_DEFAULTS.rateLimit.ipv6PrefixLength),
    }).strict().prefault({}),
    tcp: z.object({
        connectionsPerClientMax: int(1, 4096).default(DNS_DEFAULTS.tcp.connectionsPerClientMax).meta({ description: 'TCP connections one client address may hold at once' }),
        messageDeadlineMs: int(100, 120_000).default(DNS_DEFAULTS.tcp.messageDeadlineMs).meta({ description: 'A TCP message must arrive whole within this many ms of its first byte' }),
    }).strict().prefault({}),
    transfer: z.object({
        keys: z.array(checkedString((name) => dnsNameProblem(name, false))).max(16).default([])
            .meta({ description: 'Names of keys (dns.tsig or dns.operatorKeys) allowed AXFR and IXFR; none: transfers are refused' }),
        notify: z.array(z.union([
            notifyAddress,
            z.object({
                address: notifyAddress,
                key: checkedString((name) => dnsNameProblem(name, false)).meta({ description: 'The key (dns.tsig or dns.operatorKeys) that signs NOTIFYs to this secondary' }),
            }).strict(),
        ])).max(16).default([])
            .meta({ description: 'Secondaries sent a NOTIFY after every change: host:port ([::1]:53 for IPv6), or { address, key } to sign it' }),
    }).strict().prefault({}),
})
    .strict()
    .superRefine(checkDnsKeys);
/** Operator keys are other keys than the Enactors'; transfer keys are keys the server has. */
function checkDnsKeys(dns, ctx) {
    const canonical = (name) => (name.endsWith('.') ? name : `${name}.`).toLowerCase();
    const known = new Set();
    if (dns.tsig !== undefined)
        known.add(canonical(dns.tsig.name));
    (dns.operatorKeys ?? []).forEach((key, index) => {
        if (known.has(canonical(key.name)))
            ctx.addIssue({ code: 'custom', path: ['operatorKeys', index, 'name'], message: `key '${key.name}' is already dns.tsig or another operator key: each key gets one grant` });
        known.add(canonical(key.name));
    });
    dns.transfer.notify.forEach((target, index) => {
        if (typeof target === 'string' || known.has(canonical(target.key)))
            return;
        ctx.addIssue({ code: 'custom', path: ['transfer', 'notify', index, 'key'], message: `'${target.key}' is not a configured key (dns.tsig or dns.operatorKeys)` });
    });
    dns.transfer.keys.forEach((name, index) => {
        if (!known.has(canonical(name)))
            ctx.addIssue({ code: 'custom', path: ['transfer', 'keys', index], message: `'${name}' is not a configured key (dns.tsig or dns.operatorKeys)` });
    });
}
const configObjectSchema = z
    .object({
    zone: absoluteDnsName.meta({ description: 'The zone dnsplane is authoritative for' }),
    region: idString('region'),
    loadBalancers: z.array(loadBalancerSchema).min(1).max(CONFIG_LIMITS.loadBalancersMax).superRefine(checkUniqueLoadBalancers),
    endpoints: z.array(endpointSchema).min(1).max(CONFIG_LIMITS.endpointsMax).superRefine(checkUniqueEndpoints),
    enactors: z.array(idString('enactor id')).min(1).max(CONFIG_LIMITS.enactorsMax).superRefine(checkUniqueEnactors)
        .meta({ description: 'One independent Enactor per entry' }),
    health: healthSchema.prefault({}),
    planner: plannerSchema.prefault({}),
    guards: guardsSchema.prefault({}),
    enactor: enactorSchema.prefault({}),
    cleaner: cleanerSchema.prefault({}),
    dns: dnsSchema.prefault({}),
    http: httpSchema.prefault({}),
    store: storeSchema.prefault({}),
    providers: providersSchema.optional(),
    safety: safetySchema.prefault({}),
    regions: z.array(regionSchema).max(SAFETY_LIMITS.regionsMax).optional().meta({ description: 'Regions for globalNames: each region\'s regional endpoint' }),
    globalNames: z.array(globalNameSchema).max(SAFETY_LIMITS.globalNamesMax).optional().meta({ description: 'Names spanning regions, with a routing policy' }),
})
    .strict();
export const configSchema = configObjectSchema
    .superRefine(checkEndpointsAgainstFleet)
    .superRefine(checkSafetySections)
    .meta({ title: 'dnsplane configuration', description: 'See docs/configuration.md' });
//# sourceMappingURL=schema.js.map