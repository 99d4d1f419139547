/**
 * The `store:` section. `sqlite` is the embedded default (`dnsplane up`); `etcd` is the store of
 * the distributed deployment (`dnsplane planner|enactor|status`, docs/distributed.md). Both may be
 * given: `up` always runs on SQLite, the role processes need etcd.
 */
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
export const ETCD_LIMITS = { endpointsMax: 16, prefixCharsMax: 128 };
const etcdEndpoint = z.string().regex(/^https?:\/\/[^/\s]+:[0-9]{1,5}$/, "must be a client URL such as 'http://10.0.1.5:2379'");
const etcdSchema = z
    .object({
    endpoints: z.array(etcdEndpoint).min(1).max(ETCD_LIMITS.endpointsMax).meta({ description: 'Client URLs of the etcd members (one per zone)' }),
    prefix: z.string().regex(/^\/[A-Za-z0-9._/-]*\/$/, "must start and end with '/', e.g. '/dnsplane/prod/'").max(ETCD_LIMITS.prefixCharsMax).default('/dnsplane/')
        .meta({ description: 'Key prefix of this deployment: two deployments on one cluster need two prefixes' }),
    tls: z.object({
        caFile: z.string().min(1).meta({ description: 'CA certificate (PEM) the members are checked against' }),
        certFile: z.string().min(1).optional().meta({ description: 'Client certificate (PEM), with keyFile, for client-certificate auth' }),
        keyFile: z.string().min(1).optional(),
    }).strict().refine((tls) => (tls.certFile === undefined) === (tls.keyFile === undefined), { message: 'certFile and keyFile go together' }).optional(),
    auth: z.object({
        username: z.string().min(1),
        passwordFile: z.string().min(1).optional(),
        passwordEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/).optional(),
    }).strict().refine((auth) => (auth.passwordFile === undefined) !== (auth.passwordEnv === undefined), { message: "needs exactly one of 'passwordFile' or 'passwordEnv'" }).optional(),
})
    .strict()
    .superRefine((etcd, ctx) => {
    const https = etcd.endpoints.filter((e) => e.startsWith('https://')).length;
    if (https !== 0 && https !== etcd.endpoints.length)
        ctx.addIssue({ code: 'custom', path: ['endpoints'], message: 'mixes http:// and https:// members' });
    if (https === 0 && etcd.tls !== undefined)
        ctx.addIssue({ code: 'custom', path: ['tls'], message: 'tls is set but every endpoint is http://' });
});
export const storeSchema = z
    .object({
    sqlite: z.string().min(1).optional()
        .meta({ description: 'SQLite database file; relative paths are relative to the config file. Default: <data dir>/plans.db' }),
    etcd: etcdSchema.optional().meta({ description: 'etcd cluster of the distributed deployment (role processes); docs/distributed.md' }),
})
    .strict();
/** File paths resolved against the config file's directory. */
export function buildEtcdStore(raw, baseDir) {
    const path = (p) => (isAbsolute(p) ? p : resolve(baseDir, p));
    return {
        endpoints: raw.endpoints,
        prefix: raw.prefix,
        ...(raw.tls === undefined ? {} : {
            tls: { caFile: path(raw.tls.caFile), ...(raw.tls.certFile === undefined ? {} : { certFile: path(raw.tls.certFile) }), ...(raw.tls.keyFile === undefined ? {} : { keyFile: path(raw.tls.keyFile) }) },
        }),
        ...(raw.auth === undefined ? {} : {
            auth: { username: raw.auth.username, ...(raw.auth.passwordFile === undefined ? {} : { passwordFile: path(raw.auth.passwordFile) }), ...(raw.auth.passwordEnv === undefined ? {} : { passwordEnv: raw.auth.passwordEnv }) },
        }),
    };
}
//# sourceMappingURL=store-schema.js.map