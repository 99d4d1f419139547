/**
 * API bearer tokens: who may call the API and with which scopes. Tokens come from a file or an
 * environment variable (config `http.tokens`), one per line:
 *
 *   # NAME   SCOPES         TOKEN
 *   erin     read,operate   3f9c...   (at least 16 characters)
 *   grafana  read           a71e...
 *
 * With none configured, `dnsplane up` generates one into `<data dir>/api-token` (mode 0600) and the
 * CLI on the same machine reads it from there. Only digests are kept in memory and compared (in
 * constant time); a token's name is what every write records, the token itself never leaves here.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { failure, ok } from '../core/ports/result.js';
export const SCOPES = ['read', 'operate'];
export const TOKEN_CHARS_MIN = 16;
export const TOKEN_CHARS_MAX = 512;
export const TOKENS_MAX = 1000;
/** The file `up` writes when no tokens are configured; the CLI reads it with --data-dir. */
export const LOCAL_TOKEN_FILE = 'api-token';
/** The name the generated token records writes under. */
export const LOCAL_TOKEN_NAME = 'local';
export class ApiTokens {
    entries;
    constructor(entries) {
        this.entries = entries;
    }
    static of(tokens) {
        return new ApiTokens(tokens.map((t) => ({ name: t.name, scopes: new Set(t.scopes), digest: digestOf(t.token) })));
    }
    get size() {
        return this.entries.length;
    }
    names() {
        return this.entries.map((e) => e.name);
    }
    /** The caller a presented token belongs to, or null. Every entry is compared, so timing tells nothing. */
    verify(presented) {
        const digest = digestOf(presented);
        let found = null;
        for (const entry of this.entries) {
            if (timingSafeEqual(entry.digest, digest) && found === null)
                found = entry;
        }
        return found === null ? null : { name: found.name, scopes: found.scopes };
    }
}
function digestOf(token) {
    return createHash('sha256').update(token, 'utf8').digest();
}
/** Parses token lines (`NAME SCOPES TOKEN`; `#` comments; entries may also be separated by `;`). */
export function parseTokens(text, source) {
    const parsed = [];
    const lines = text.split(/[\n;]/);
    for (let i = 0; i < lines.length; i++) {
        const line = lines[i].replace(/#.*$/, '').trim();
        if (line === '')
            continue;
        const entry = parseTokenLine(line);
        if (typeof entry === 'string')
            return failure('config', `${source}: entry ${i + 1}: ${entry}`, false);
        if (parsed.some((p) => p.name === entry.name))
            return failure('config', `${source}: entry ${i + 1}: duplicate token name '${entry.name}'`, false);
        parsed.push(entry);
        if (parsed.length > TOKENS_MAX)
            return failure('config', `${source}: more than ${TOKENS_MAX} tokens`, false);
    }
    if (parsed.length === 0)
        return failure('config', `${source}: no tokens (lines of NAME SCOPES TOKEN)`, false);
    return ok(ApiTokens.of(parsed));
}
function parseTokenLine(line) {
    const fields = line.split(/\s+/);
    if (fields.length !== 3)
        return `expected NAME SCOPES TOKEN, got ${fields.length} field(s)`;
    const [name, scopeText, token] = fields;
    if (!/^[A-Za-z0-9._@-]{1,64}$/.test(name))
        return `name '${name}' must be 1-64 characters of A-Z a-z 0-9 . _ @ -`;
    const scopes = scopeText.split(',');
    const unknown = scopes.filter((s) => !SCOPES.includes(s));
    if (unknown.length > 0)
        return `unknown scope '${unknown[0]}' (scopes: ${SCOPES.join(', ')})`;
    // Operating needs reading what is operated on: operate implies read.
    const granted = new Set(scopes);
    if (granted.has('operate'))
        granted.add('read');
    if (token.length < TOKEN_CHARS_MIN || token.length > TOKEN_CHARS_MAX)
        return `the token of '${name}' must be ${TOKEN_CHARS_MIN}-${TOKEN_CHARS_MAX} characters`;
    return { name, scopes: [...granted], token };
}
/** The configured tokens, read now (at start-up and on SIGHUP). */
export function loadTokens(source, env) {
    if ('env' in source) {
        const text = env[source.env];
        if (text === undefined || text.trim() === '')
            return failure('config', `http.tokens.env: environment variable ${source.env} is not set`, false);
        return parseTokens(text, `environment variable ${source.env}`);
    }
    try {
        return parseTokens(readFileSync(source.file, 'utf8'), source.file);
    }
    catch (error) {
        return failure('config', `http.tokens.file: cannot read ${source.file}: ${error instanceof Error ? error.message : String(error)}`, false);
    }
}
/**
 * The token of this data dir, generated on first use: 32 random bytes, hex, in a file only its
 * owner can read. A restart keeps it, so scripts and a shell that read it once keep working.
 */
export function ensureLocalToken(dataDir) {
    const path = join(dataDir, LOCAL_TOKEN_FILE);
    let token = existsSync(path) ? readFileSync(path, 'utf8').trim() : '';
    if (token.length < TOKEN_CHARS_MIN) {
        token = randomBytes(32).toString('hex');
        writeFileSync(path, `${token}\n`, { mode: 0o600 });
    }
    // A file copied in with wider permissions is narrowed: the token is as good as a password.
    chmodSync(path, 0o600);
    return ApiTokens.of([{ name: LOCAL_TOKEN_NAME, scopes: ['read', 'operate'], token }]);
}
//# sourceMappingURL=tokens.js.map