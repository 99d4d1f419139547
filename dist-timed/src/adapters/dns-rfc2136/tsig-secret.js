/**
 * TSIG key material from a file or an environment variable — never from the config text itself,
 * and never echoed: every message below names where the secret was looked for, not what it is.
 *
 * A secret file holds either the bare base64 secret (as `tsig-keygen | grep secret` gives) or a
 * BIND key clause (`key "name" { algorithm hmac-sha256; secret "..."; };`, as tsig-keygen writes).
 */
import { readFileSync } from 'node:fs';
import { failure, ok } from '../../core/ports/result.js';
import { tsigKey } from '../../dns-wire/index.js';
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const BIND_SECRET = /secret\s+"([^"]*)"/;
/** RFC 8945 §6 recommends at least the hash output length; anything under 16 bytes is a mistake. */
const SECRET_BYTES_MIN = 16;
export function loadTsigKey(source, env = process.env) {
    const hasFile = source.secretFile !== undefined;
    const hasEnv = source.secretEnv !== undefined;
    if (hasFile === hasEnv)
        return failure('config', `TSIG key ${source.name}: give exactly one of secretFile or secretEnv`, false);
    const raw = hasFile ? readSecretFile(source.secretFile) : readSecretEnv(source.secretEnv, env);
    if (!raw.ok)
        return raw;
    const where = hasFile ? `file ${source.secretFile}` : `environment variable ${source.secretEnv}`;
    const secret = extractSecret(raw.value);
    if (!BASE64.test(secret) || secret.length === 0)
        return failure('config', `TSIG key ${source.name}: the secret in ${where} is not valid base64`, false);
    if (Buffer.from(secret, 'base64').length < SECRET_BYTES_MIN) {
        return failure('config', `TSIG key ${source.name}: the secret in ${where} is shorter than ${SECRET_BYTES_MIN} bytes`, false);
    }
    return ok(tsigKey(source.name, source.algorithm, secret));
}
function readSecretFile(path) {
    try {
        return ok(readFileSync(path, 'utf8'));
    }
    catch (error) {
        const code = error.code ?? 'error';
        return failure('config', `cannot read TSIG secret file ${path} (${code})`, false);
    }
}
function readSecretEnv(name, env) {
    const value = env[name];
    if (value === undefined || value.trim() === '')
        return failure('config', `TSIG secret environment variable ${name} is not set`, false);
    return ok(value);
}
function extractSecret(text) {
    const clause = BIND_SECRET.exec(text);
    return (clause ? clause[1] : text).trim();
}
//# sourceMappingURL=tsig-secret.js.map