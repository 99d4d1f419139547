/**
 * `providers:` — the authoritative DNS targets every Enactor writes, each fenced independently.
 * Absent: the embedded server alone (`[{ id: embedded, type: embedded }]`). TSIG secrets are never
 * in the config itself: only the file or environment variable that holds them.
 */
import { z } from 'zod';
import { absoluteName, dnsNameProblem, parseHostPort } from './field-checks.js';
/** The algorithms src/dns-wire/tsig.ts signs with (schema.ts imports this file, so not shared from there). */
const PROVIDER_TSIG_ALGORITHMS = ['hmac-sha256', 'hmac-sha512', 'hmac-sha1'];
const allAlgorithmsListed = true;
void allAlgorithmsListed;
export const PROVIDER_LIMITS = {
    providersMax: 16,
    batchSizeMax: 1000,
    timeoutMsMax: 120_000,
    inFlightMax: 64,
};
export const PROVIDER_DEFAULTS = {
    rfc2136: { batchSize: 100, timeoutMs: 5000, reads: 'auto', inFlight: 4 },
    route53: { batchSize: 100, region: 'us-east-1', waitForInsync: false },
};
const id = z.string().regex(/^[A-Za-z0-9._-]{1,63}$/, { error: (issue) => `provider id ${JSON.stringify(issue.input)} must be 1-63 characters of A-Z a-z 0-9 . _ -` });
const dnsName = (absolute) => z.string().superRefine((name, ctx) => {
    const problem = dnsNameProblem(name, absolute);
    if (problem !== undefined)
        ctx.addIssue({ code: 'custom', message: problem });
});
const serverAddress = z.string().superRefine((text, ctx) => {
    const parsed = parseHostPort(text, 1);
    if (typeof parsed === 'string')
        ctx.addIssue({ code: 'custom', message: parsed });
}).meta({ description: 'host:port of the primary server that accepts updates' });
const providerTsigSchema = z
    .object({
    name: dnsName(false).meta({ description: 'Key name, as configured on the server' }),
    algorithm: z.enum(PROVIDER_TSIG_ALGORITHMS),
    secretFile: z.string().min(1).optional().meta({ description: 'File holding the base64 secret (or a BIND key clause)' }),
    secretEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/).optional().meta({ description: 'Environment variable holding the base64 secret' }),
})
    .strict()
    .superRefine((tsig, ctx) => {
    if ((tsig.secretFile === undefined) === (tsig.secretEnv === undefined)) {
        ctx.addIssue({ code: 'custom', message: 'needs exactly one of secretFile or secretEnv (the secret itself never goes in the config)' });
    }
});
const embeddedSchema = z.object({ id, type: z.literal('embedded') }).strict();
const rfc2136Schema = z
    .object({
    id,
    type: z.literal('rfc2136'),
    server: serverAddress,
    zone: dnsName(true).optional().meta({ description: 'Zone on that server; default: the top-level zone' }),
    tsig: providerTsigSchema,
    batchSize: z.int().min(1).max(PROVIDER_LIMITS.batchSizeMax).default(PROVIDER_DEFAULTS.rfc2136.batchSize)
        .meta({ description: 'Endpoints per UPDATE message (one atomic transaction)' }),
    timeoutMs: z.int().min(1).max(PROVIDER_LIMITS.timeoutMsMax).default(PROVIDER_DEFAULTS.rfc2136.timeoutMs),
    reads: z.enum(['auto', 'axfr', 'query']).default(PROVIDER_DEFAULTS.rfc2136.reads)
        .meta({ description: 'How live state is read: AXFR for many names (auto), always AXFR, or queries only' }),
    inFlight: z.int().min(1).max(PROVIDER_LIMITS.inFlightMax).default(PROVIDER_DEFAULTS.rfc2136.inFlight)
        .meta({ description: 'UPDATE messages in flight at once on the connection' }),
})
    .strict();
const route53Schema = z
    .object({
    id,
    type: z.literal('route53'),
    hostedZoneId: z.string().regex(/^[A-Z0-9]{1,32}$/, { error: 'hosted zone id must be 1-32 of A-Z 0-9 (as Z0123456789ABC)' }),
    region: z.string().regex(/^[a-z0-9-]{1,32}$/).default(PROVIDER_DEFAULTS.route53.region),
    batchSize: z.int().min(1).max(PROVIDER_LIMITS.batchSizeMax).default(PROVIDER_DEFAULTS.route53.batchSize),
    waitForInsync: z.boolean().default(PROVIDER_DEFAULTS.route53.waitForInsync)
        .meta({ description: 'Report a write applied only once Route 53 says INSYNC' }),
})
    .strict();
export const providersSchema = z
    .array(z.discriminatedUnion('type', [embeddedSchema, rfc2136Schema, route53Schema]))
    .min(1)
    .max(PROVIDER_LIMITS.providersMax)
    .superRefine((providers, ctx) => {
    const first = new Map();
    providers.forEach((provider, index) => {
        const seen = first.get(provider.id);
        if (seen !== undefined)
            ctx.addIssue({ code: 'custom', path: [index, 'id'], message: `duplicate provider id '${provider.id}' (first at providers[${seen}])` });
        else
            first.set(provider.id, index);
    });
    const embedded = providers.filter((p) => p.type === 'embedded').length;
    if (embedded > 1)
        ctx.addIssue({ code: 'custom', path: [], message: 'at most one provider of type embedded (there is one embedded server)' });
})
    .meta({ description: 'Authoritative DNS targets; every Enactor writes each one, fenced independently. Default: the embedded server' });
export function buildProviders(raw, zone) {
    if (raw === undefined)
        return [{ id: 'embedded', type: 'embedded' }];
    return raw.map((p) => {
        switch (p.type) {
            case 'embedded':
                return { id: p.id, type: 'embedded' };
            case 'rfc2136': {
                const server = parseHostPort(p.server, 1);
                if (typeof server === 'string')
                    throw new Error(`validated server '${p.server}' did not parse`);
                return {
                    id: p.id, type: 'rfc2136', server, zone: absoluteName(p.zone ?? zone), batchSize: p.batchSize, timeoutMs: p.timeoutMs, reads: p.reads, inFlight: p.inFlight,
                    tsig: {
                        name: absoluteName(p.tsig.name), algorithm: p.tsig.algorithm,
                        ...(p.tsig.secretFile !== undefined ? { secretFile: p.tsig.secretFile } : {}),
                        ...(p.tsig.secretEnv !== undefined ? { secretEnv: p.tsig.secretEnv } : {}),
                    },
                };
            }
            case 'route53':
                return { id: p.id, type: 'route53', hostedZoneId: p.hostedZoneId, region: p.region, batchSize: p.batchSize, waitForInsync: p.waitForInsync, zone };
        }
    });
}
//# sourceMappingURL=providers-schema.js.map