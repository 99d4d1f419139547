/**
 * Config for issue 5: health robustness fields (damping, vantage points, quorum, jitter), `safety:`
 * (fail-open, velocity, zones), `regions:` and `globalNames:` (routing policies across regions).
 * Kept apart from schema.ts so that each section has one home; schema.ts only plugs them in.
 */
import { z } from 'zod';
import { endpointName } from '../../core/model/ids.js';
import { DEFAULT_FLAP_SETTINGS } from '../../core/health/flap-damping.js';
import { DEFAULT_SAFETY_SETTINGS } from '../../core/safety/safety-settings.js';
import { dnsNameProblem, isInZone } from './field-checks.js';
const ID_PATTERN = /^[A-Za-z0-9._-]{1,63}$/;
const id = (what) => z.string().regex(ID_PATTERN, { error: (issue) => `${what} ${JSON.stringify(issue.input)} must be 1-63 characters of A-Z a-z 0-9 . _ -` });
const share = () => z.number().min(0).max(1);
const absoluteName = z.string().superRefine((name, ctx) => {
    const problem = dnsNameProblem(name, true);
    if (problem !== undefined)
        ctx.addIssue({ code: 'custom', message: problem });
});
export const SAFETY_LIMITS = { holdDownMsMax: 86_400_000, windowMsMax: 86_400_000, flapTransitionsMax: 100, vantagePointsMax: 64, regionsMax: 64, globalNamesMax: 10_000, failbackAfterMsMax: 86_400_000 };
export const SAFETY_DEFAULTS = {
    failbackAfterMs: 60_000,
    regionWeight: 1,
    healthyShareMin: 0,
};
/** Optional health fields without defaults in the file: absent means the core's default (documented). */
export const HEALTH_ROBUSTNESS_FIELDS = {
    jitterMs: z.int().min(0).max(SAFETY_LIMITS.holdDownMsMax).optional()
        .meta({ description: 'Each probe round starts up to this much after its interval (spreads probes); default 0' }),
    holdDownMs: z.int().min(0).max(SAFETY_LIMITS.holdDownMsMax).optional()
        .meta({ description: `Flap damping window and hold length; default ${DEFAULT_FLAP_SETTINGS.holdDownMs}` }),
    flapTransitionsMax: z.int().min(1).max(SAFETY_LIMITS.flapTransitionsMax).optional()
        .meta({ description: `State changes within holdDownMs that are published; one more holds the load balancer; default ${DEFAULT_FLAP_SETTINGS.flapTransitionsMax}` }),
    vantagePoints: z.array(id('vantage point')).min(1).max(SAFETY_LIMITS.vantagePointsMax).optional()
        .meta({ description: 'Zones probing from (one prober each); default: the enactors list' }),
    quorum: z.int().min(1).max(SAFETY_LIMITS.vantagePointsMax).optional()
        .meta({ description: 'Vantage points that must see a load balancer unhealthy; default: a strict majority' }),
};
/** HTTP check options next to `http:` in a load balancer's `check:`. */
export const HTTP_CHECK_FIELDS = {
    status: z.string().regex(/^[1-5]\d\d(-[1-5]\d\d)?$/, { error: 'status must be a code or a range like 200-299' }).optional()
        .meta({ description: 'http: healthy status code or inclusive range, e.g. 200 or 200-299; default 200-399' }),
    body: z.string().min(1).max(1024).optional().meta({ description: 'http: the response body must contain this text' }),
    headers: z.record(z.string().regex(/^[A-Za-z0-9-]{1,64}$/), z.string().max(1024)).optional()
        .meta({ description: 'http: extra request headers (e.g. Host)' }),
};
export function checkHttpFields(check, ctx) {
    const httpOnly = ['status', 'body', 'headers'];
    if (check.http === undefined) {
        for (const key of httpOnly)
            if (check[key] !== undefined)
                ctx.addIssue({ code: 'custom', path: [key], message: `'${key}' applies to http checks only` });
    }
    const range = parseStatusRange(check.status);
    if (range !== null && range.statusMin > range.statusMax)
        ctx.addIssue({ code: 'custom', path: ['status'], message: `status range ${check.status} is empty` });
}
export function parseStatusRange(text) {
    if (text === undefined)
        return null;
    const [low, high] = text.split('-');
    return { statusMin: Number(low), statusMax: Number(high ?? low) };
}
export function buildHttpExpectation(check) {
    if (check.status === undefined && check.body === undefined && check.headers === undefined)
        return undefined;
    const range = parseStatusRange(check.status) ?? { statusMin: 200, statusMax: 399 };
    return { ...range, ...(check.body === undefined ? {} : { bodyContains: check.body }), ...(check.headers === undefined ? {} : { headers: check.headers }) };
}
export const safetySchema = z
    .object({
    panicThreshold: z.number().gt(0).max(1).default(DEFAULT_SAFETY_SETTINGS.panicThreshold)
        .meta({ description: 'Unhealthy share of an endpoint above which it fails open (keeps its last set, raises an alarm); exactly this share is not a panic' }),
    velocity: z.object({
        maxShare: z.number().gt(0).max(1).default(DEFAULT_SAFETY_SETTINGS.velocity.maxShare)
            .meta({ description: 'Share of capacity that may leave an endpoint per window; 1 turns velocity control off' }),
        windowMs: z.int().min(1).max(SAFETY_LIMITS.windowMsMax).default(DEFAULT_SAFETY_SETTINGS.velocity.windowMs),
    }).strict().prefault({}),
    minZones: z.int().min(1).max(SAFETY_LIMITS.regionsMax).default(DEFAULT_SAFETY_SETTINGS.minZones)
        .meta({ description: 'Zone failover never leaves a multi-zone endpoint with fewer zones' }),
    zoneUnhealthyShare: z.number().gt(0).max(1).default(DEFAULT_SAFETY_SETTINGS.zoneUnhealthyShare)
        .meta({ description: 'A zone this unhealthy is failed over from multi-zone endpoints' }),
})
    .strict();
export const regionSchema = z
    .object({
    name: id('region'),
    endpoint: absoluteName.meta({ description: 'The regional endpoint (listed in endpoints:) whose health is the region\'s' }),
})
    .strict();
export const globalNameSchema = z
    .object({
    name: absoluteName.meta({ description: 'A name spanning regions, inside the zone, not also in endpoints:' }),
    policy: z.enum(['failover', 'weighted']),
    primary: id('region').optional().meta({ description: 'failover: the active region' }),
    secondary: id('region').optional().meta({ description: 'failover: the standby region' }),
    failback: z.enum(['automatic', 'manual']).default('automatic'),
    failbackAfterMs: z.int().min(0).max(SAFETY_LIMITS.failbackAfterMsMax).default(SAFETY_DEFAULTS.failbackAfterMs)
        .meta({ description: 'failover, automatic: the primary must be healthy this long before traffic returns' }),
    weights: z.record(id('region'), z.int().min(1).max(1_000_000)).optional()
        .meta({ description: 'weighted: relative weight per region (every region listed takes part)' }),
    healthyShareMin: share().default(SAFETY_DEFAULTS.healthyShareMin)
        .meta({ description: 'A region is healthy while at least this share of its capacity is (and some is)' }),
    ttl: z.int().min(0).max(86_400).default(5),
    answers: z.int().min(1).max(64).default(8),
})
    .strict();
/** Cross-field checks of these sections; attached to the config schema as a refinement. */
export function checkSafetySections(config, ctx) {
    const vantageCount = config.health.vantagePoints?.length ?? config.enactors.length;
    if (config.health.quorum !== undefined && config.health.quorum > vantageCount) {
        ctx.addIssue({ code: 'custom', path: ['health', 'quorum'], message: `quorum ${config.health.quorum} exceeds the ${vantageCount} vantage point(s)` });
    }
    const endpointNames = new Set(config.endpoints.map((e) => e.name.toLowerCase()));
    const regions = new Map();
    (config.regions ?? []).forEach((region, index) => {
        if (regions.has(region.name))
            ctx.addIssue({ code: 'custom', path: ['regions', index, 'name'], message: `duplicate region '${region.name}'` });
        regions.set(region.name, index);
        if (!endpointNames.has(region.endpoint.toLowerCase())) {
            ctx.addIssue({ code: 'custom', path: ['regions', index, 'endpoint'], message: `'${region.endpoint}' is not in endpoints:` });
        }
    });
    const seen = new Set();
    (config.globalNames ?? []).forEach((global, index) => {
        const name = global.name.toLowerCase();
        const path = ['globalNames', index];
        if (!isInZone(name, config.zone.toLowerCase()))
            ctx.addIssue({ code: 'custom', path: [...path, 'name'], message: `'${global.name}' is outside the zone '${config.zone}'` });
        if (endpointNames.has(name) || seen.has(name))
            ctx.addIssue({ code: 'custom', path: [...path, 'name'], message: `'${global.name}' is already a name (endpoints: or globalNames:)` });
        seen.add(name);
        checkPolicy(global, regions, path, ctx);
    });
}
function checkPolicy(global, regions, path, ctx) {
    const known = (region, key) => {
        if (region === undefined)
            ctx.addIssue({ code: 'custom', path: [...path, key], message: `the ${global.policy} policy needs '${key}'` });
        else if (!regions.has(region))
            ctx.addIssue({ code: 'custom', path: [...path, key], message: `no region '${region}' in regions:` });
    };
    if (global.policy === 'failover') {
        known(global.primary, 'primary');
        known(global.secondary, 'secondary');
        if (global.primary !== undefined && global.primary === global.secondary)
            ctx.addIssue({ code: 'custom', path: [...path, 'secondary'], message: 'secondary must differ from primary' });
        return;
    }
    const weights = Object.keys(global.weights ?? {});
    if (weights.length === 0)
        ctx.addIssue({ code: 'custom', path: [...path, 'weights'], message: 'the weighted policy needs weights: { <region>: <weight>, ... }' });
    for (const region of weights)
        known(region, 'weights');
}
export function buildSafety(raw) {
    return {
        panicThreshold: raw.panicThreshold,
        velocity: raw.velocity.maxShare >= 1 ? null : { maxShare: raw.velocity.maxShare, windowMs: raw.velocity.windowMs },
        minZones: raw.minZones,
        zoneUnhealthyShare: raw.zoneUnhealthyShare,
    };
}
/** Global names become endpoints with a routing policy (they select no load balancer of their own). */
export function buildGlobalNames(rawRegions, rawGlobals) {
    const endpointOf = new Map((rawRegions ?? []).map((r) => [r.name, endpointName(r.endpoint)]));
    const target = (region, weight) => ({ region, endpoint: endpointOf.get(region), weight });
    return (rawGlobals ?? []).map((g) => {
        const routing = g.policy === 'failover'
            ? {
                policy: 'failover', primary: target(g.primary, 1), secondary: target(g.secondary, 1),
                failback: g.failback, failbackAfterMs: g.failbackAfterMs, healthyShareMin: g.healthyShareMin,
            }
            : { policy: 'weighted', regions: Object.entries(g.weights ?? {}).map(([region, weight]) => target(region, weight)), healthyShareMin: g.healthyShareMin };
        return { name: endpointName(g.name), select: { ids: [] }, ttlSeconds: g.ttl, answersMax: g.answers, routing };
    });
}
//# sourceMappingURL=safety-schema.js.map