/**
 * Finds and calls the HTTP API of a running `dnsplane up`, with its bearer token.
 *
 * Where:  --url; else --data-dir's runtime.json; else --config's http.listen; else the default.
 * Token:  DNSPLANE_API_TOKEN; else --token-file; else <data dir>/api-token (the one `up` generates
 *         when no tokens are configured), --data-dir or ./dnsplane-data.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfigFile } from '../app/config/index.js';
import { UsageError, stringOption } from './args.js';
export const API_URL_DEFAULT = 'http://127.0.0.1:8053';
export const API_TIMEOUT_MS = 5000;
export const TOKEN_ENV = 'DNSPLANE_API_TOKEN';
const DATA_DIR_DEFAULT = 'dnsplane-data';
const TOKEN_FILE = 'api-token';
/** The options every command that talks to a running dnsplane accepts. */
export const API_OPTIONS = {
    url: { type: 'string' }, 'data-dir': { type: 'string' }, config: { type: 'string' }, 'token-file': { type: 'string' },
};
export const API_OPTIONS_USAGE = '[--url URL | --data-dir DIR | --config FILE] [--token-file FILE]';
export async function resolveApi(values) {
    return { url: await resolveApiUrl(values), token: resolveToken(values) };
}
export async function resolveApiUrl(values) {
    const url = stringOption(values, 'url');
    if (url !== undefined)
        return url.replace(/\/$/, '');
    const dataDir = stringOption(values, 'data-dir');
    if (dataDir !== undefined) {
        try {
            const runtime = JSON.parse(readFileSync(join(resolve(dataDir), 'runtime.json'), 'utf8'));
            return urlOf(runtime.http.host, runtime.http.port);
        }
        catch (error) {
            throw new UsageError(`no running dnsplane found in ${dataDir} (runtime.json: ${error instanceof Error ? error.message : String(error)})`);
        }
    }
    const configPath = stringOption(values, 'config');
    if (configPath !== undefined) {
        const loaded = await loadConfigFile(configPath);
        if (!loaded.ok)
            throw new UsageError(`cannot read ${configPath}: ${loaded.errors[0]?.message ?? 'invalid'}`);
        const listen = loaded.config.http.listen;
        // Port 0 is "any free port": only the instance's data dir knows which one it got.
        if (listen.port === 0)
            throw new UsageError(`${configPath} listens on HTTP port 0 (any free port): name the instance with --data-dir DIR or --url URL`);
        return urlOf(listen.host, listen.port);
    }
    return API_URL_DEFAULT;
}
function urlOf(host, port) {
    const shown = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
    return `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}`;
}
function resolveToken(values) {
    const fromEnv = process.env[TOKEN_ENV]?.trim();
    if (fromEnv !== undefined && fromEnv !== '')
        return fromEnv;
    const file = stringOption(values, 'token-file');
    if (file !== undefined) {
        try {
            return readFileSync(file, 'utf8').trim();
        }
        catch (error) {
            throw new UsageError(`cannot read --token-file ${file}: ${error instanceof Error ? error.message : String(error)}`);
        }
    }
    const local = join(resolve(stringOption(values, 'data-dir') ?? DATA_DIR_DEFAULT), TOKEN_FILE);
    return existsSync(local) ? readFileSync(local, 'utf8').trim() : null;
}
/** GET, or POST with a JSON body (`{}` when none: every POST is JSON). */
export async function callApi(target, path, method = 'GET', body) {
    let response;
    const headers = target.token === null ? {} : { authorization: `Bearer ${target.token}` };
    try {
        response = await fetch(`${target.url}${path}`, {
            method, signal: AbortSignal.timeout(API_TIMEOUT_MS),
            ...(method === 'POST' ? { body: JSON.stringify(body ?? {}), headers: { ...headers, 'content-type': 'application/json' } } : { headers }),
        });
    }
    catch (error) {
        throw new ApiUnreachable(`cannot reach dnsplane at ${target.url} (${error instanceof Error ? error.message : String(error)}); is \`dnsplane up\` running?`);
    }
    const text = await response.text();
    const parsed = parseJson(text);
    if (response.ok && parsed !== null)
        return parsed;
    const message = parsed?.error ?? text.slice(0, 200);
    if (response.status === 400)
        throw new UsageError(message);
    throw new ApiRefused(`${method} ${path}: ${response.status} ${message}${response.status === 401 ? ` (token: ${TOKEN_ENV}, --token-file, or --data-dir of the instance)` : ''}`, response.status);
}
function parseJson(text) {
    try {
        return JSON.parse(text);
    }
    catch {
        return null;
    }
}
export class ApiUnreachable extends Error {
    name = 'ApiUnreachable';
}
/** The API answered, with a refusal (401, 403, 404, 409, 429, 503). */
export class ApiRefused extends ApiUnreachable {
    status;
    name = 'ApiRefused';
    constructor(message, status) {
        super(message);
        this.status = status;
    }
}
//# sourceMappingURL=api-client.js.map