/**
 * The `http:` section: where the API listens and who may use it. Tokens are referenced (a file or
 * an environment variable), never written in the config. The rule that matters for safety is
 * checked here, with the other config errors: an API reachable from other hosts must have tokens.
 */
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { assert } from '../../core/model/assert.js';
import { parseHostPort } from './field-checks.js';
export const HTTP_LIMITS = {
    allowedHostsMax: 32,
    requestsPerMinuteMax: 1_000_000,
    /** Operator controls in force at once; each is at most controlReasonCharsMax of reason. */
    controlsMax: 1000,
    controlsMaxDefault: 200,
    controlReasonCharsMax: 1024,
};
export const HTTP_DEFAULTS = {
    listen: '127.0.0.1:8053',
    /** Per client (token name, or address when unauthenticated), all routes. */
    requestsPerMinute: 600,
    /** Per client, writes (POST): controls and demo switches. */
    writesPerMinute: 60,
};
const tokensSchema = z
    .object({
    file: z.string().min(1).optional().meta({ description: 'File of tokens, one per line: NAME SCOPES TOKEN (scopes: read or read,operate); relative to the config file' }),
    env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/).optional().meta({ description: 'Environment variable holding tokens in the same format (lines, or entries separated by ;)' }),
})
    .strict()
    .superRefine((tokens, ctx) => {
    const sources = (tokens.file === undefined ? 0 : 1) + (tokens.env === undefined ? 0 : 1);
    if (sources !== 1)
        ctx.addIssue({ code: 'custom', message: `needs exactly one of 'file' or 'env', got ${sources}` });
});
const rateLimitSchema = z
    .object({
    requestsPerMinute: z.int().min(1).max(HTTP_LIMITS.requestsPerMinuteMax).default(HTTP_DEFAULTS.requestsPerMinute),
    writesPerMinute: z.int().min(1).max(HTTP_LIMITS.requestsPerMinuteMax).default(HTTP_DEFAULTS.writesPerMinute),
})
    .strict();
const listenAddress = z.string().superRefine((text, ctx) => {
    const parsed = parseHostPort(text, 0);
    if (typeof parsed === 'string')
        ctx.addIssue({ code: 'custom', message: parsed });
}).meta({ description: 'host:port to listen on; IPv6 in brackets ([::1]:8053); port 0 picks a free port' });
export const httpSchema = z
    .object({
    listen: listenAddress.default(HTTP_DEFAULTS.listen),
    tokens: tokensSchema.optional().meta({ description: 'Bearer tokens; absent: dnsplane up writes one to <data dir>/api-token (mode 0600) for the CLI on this machine' }),
    allowUnauthenticatedLoopback: z.boolean().default(false)
        .meta({ description: 'Serve requests without a token (as operator "loopback") when listening on loopback only. Off by default.' }),
    allowedHosts: z.array(z.string().min(1).max(253)).max(HTTP_LIMITS.allowedHostsMax).default([])
        .meta({ description: 'Host header names accepted besides the listen address, localhost and loopback (DNS rebinding protection)' }),
    rateLimit: rateLimitSchema.prefault({}),
    controlsMax: z.int().min(1).max(HTTP_LIMITS.controlsMax).default(HTTP_LIMITS.controlsMaxDefault)
        .meta({ description: 'Operator controls (overrides, freezes, adoptions) in force at once' }),
})
    .strict()
    .superRefine((http, ctx) => {
    const listen = parseHostPort(http.listen, 0);
    if (typeof listen === 'string' || isLoopbackHost(listen.host))
        return;
    if (http.tokens === undefined) {
        ctx.addIssue({ code: 'custom', path: ['listen'], message: `'${http.listen}' is reachable from other hosts: configure http.tokens (a file or env variable), or listen on loopback` });
    }
    if (http.allowUnauthenticatedLoopback) {
        ctx.addIssue({ code: 'custom', path: ['allowUnauthenticatedLoopback'], message: `applies to a loopback listen address only, not '${http.listen}'` });
    }
});
/** 127.0.0.0/8, ::1 and localhost: reachable from this host only. */
export function isLoopbackHost(host) {
    const lower = host.toLowerCase();
    return lower === 'localhost' || lower === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(lower);
}
/** Why an http section with this listen address (an `up --http-listen` override) is not allowed, or undefined. */
export function httpListenProblem(http, listen) {
    if (isLoopbackHost(listen.host))
        return undefined;
    if (http.tokens === undefined)
        return `HTTP listen address ${listen.host}:${listen.port} is reachable from other hosts: configure http.tokens, or listen on loopback`;
    if (http.allowUnauthenticatedLoopback)
        return `http.allowUnauthenticatedLoopback applies to a loopback listen address only, not ${listen.host}:${listen.port}`;
    return undefined;
}
export function buildHttp(raw, baseDir) {
    const listen = parseHostPort(raw.listen, 0);
    assert(typeof listen !== 'string', `validated address '${raw.listen}' did not parse`);
    const tokens = raw.tokens?.file !== undefined
        ? { file: isAbsolute(raw.tokens.file) ? raw.tokens.file : resolve(baseDir, raw.tokens.file) }
        : raw.tokens?.env !== undefined ? { env: raw.tokens.env } : undefined;
    return {
        listen,
        ...(tokens === undefined ? {} : { tokens }),
        allowUnauthenticatedLoopback: raw.allowUnauthenticatedLoopback,
        allowedHosts: raw.allowedHosts.map((h) => h.toLowerCase()),
        rateLimit: { ...raw.rateLimit },
        controlsMax: raw.controlsMax,
    };
}
//# sourceMappingURL=http-schema.js.map