/**
 * Who may call the API, checked before any route runs (a fastify onRequest hook), in this order:
 *
 *   1. Host header: a name we answer to (loopback names, the listen host, http.allowedHosts) or an
 *      IP literal. A page whose name was rebound to 127.0.0.1 (DNS rebinding) sends its own name.
 *   2. Browser context: a request with an Origin other than our own, or marked cross-site by
 *      Sec-Fetch-Site, is refused; no CORS headers are ever sent, so no page can read an answer.
 *   3. POST bodies are JSON (application/json) — a browser's "simple" cross-origin POST
 *      (text/plain, form encodings) never reaches a handler.
 *   4. Bearer token → the caller (its name and scopes); the route's scope must be granted.
 *      Without a token: refused (401), unless unauthenticated loopback access is configured and
 *      the peer is on loopback. A token without the scope: 403.
 */
import { isIP } from 'node:net';
/** The name recorded for writes made without a token (unauthenticated loopback, when configured). */
export const LOOPBACK_CALLER = { name: 'loopback', scopes: new Set(['read', 'operate']) };
const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '::1']);
export class ApiAccess {
    settings;
    tokens;
    constructor(settings, tokens) {
        this.settings = settings;
        this.tokens = tokens;
    }
    /** New tokens (a reload); requests already admitted keep their caller. */
    replaceTokens(tokens) {
        this.tokens = tokens;
    }
    /** The onRequest hook. Sends the refusal itself; returns the reply so fastify stops there. */
    check = async (request, reply) => {
        const scope = request.routeOptions.config.scope ?? 'read';
        const refusal = this.hostProblem(request) ?? (scope === 'public' ? null : this.browserProblem(request)) ?? bodyProblem(request);
        if (refusal !== null) {
            await reply.code(refusal.status).send({ error: refusal.message });
            return;
        }
        if (scope === 'public')
            return;
        const caller = this.callerOf(request);
        if (caller === 'bad-token') {
            await reply.code(401).header('www-authenticate', 'Bearer error="invalid_token"').send({ error: 'the bearer token is not valid' });
            return;
        }
        if (caller === null) {
            await reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'a bearer token is required (Authorization: Bearer TOKEN; dnsplane up writes one to <data dir>/api-token)' });
            return;
        }
        if (!caller.scopes.has(scope)) {
            await reply.code(403).send({ error: `token '${caller.name}' lacks the '${scope}' scope` });
            return;
        }
        request.caller = caller;
    };
    hostProblem(request) {
        const header = request.headers.host;
        if (header === undefined)
            return { status: 400, message: 'a Host header is required' };
        const host = hostnameOf(header);
        if (host === null)
            return { status: 400, message: 'the Host header is not host[:port]' };
        if (isIP(host) !== 0 || LOOPBACK_NAMES.has(host) || host === this.settings.listenHost || this.settings.allowedHosts.includes(host))
            return null;
        return { status: 403, message: `Host '${host}' is not one this API answers to (http.allowedHosts); refused against DNS rebinding` };
    }
    browserProblem(request) {
        const fetchSite = request.headers['sec-fetch-site'];
        if (fetchSite === 'cross-site' || fetchSite === 'same-site')
            return { status: 403, message: `cross-origin requests are refused (Sec-Fetch-Site: ${fetchSite})` };
        const origin = request.headers.origin;
        if (origin === undefined)
            return null;
        if (originHost(origin) !== request.headers.host?.toLowerCase())
            return { status: 403, message: `cross-origin requests are refused (Origin: ${origin})` };
        return null;
    }
    callerOf(request) {
        const authorization = request.headers.authorization;
        if (authorization === undefined) {
            const loopback = this.settings.allowUnauthenticatedLoopback && isLoopbackPeer(request.socket.remoteAddress);
            return loopback ? LOOPBACK_CALLER : null;
        }
        const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
        if (match === null || this.tokens === null)
            return 'bad-token';
        return this.tokens.verify(match[1]) ?? 'bad-token';
    }
}
function bodyProblem(request) {
    if (request.method !== 'POST' && request.method !== 'PUT' && request.method !== 'PATCH' && request.method !== 'DELETE')
        return null;
    const type = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
    if (type === 'application/json')
        return null;
    return { status: 415, message: `request bodies are JSON: Content-Type must be application/json, got ${type ?? 'none'}` };
}
/** `name:port`, `[v6]:port`, `name` → the lower-case host name or address; null when malformed. */
export function hostnameOf(header) {
    const text = header.trim().toLowerCase();
    const bracketed = /^\[([0-9a-f:.]+)\](?::\d{1,5})?$/.exec(text);
    if (bracketed !== null)
        return bracketed[1];
    const plain = /^([a-z0-9._-]+)(?::\d{1,5})?$/.exec(text);
    return plain === null ? null : plain[1];
}
function originHost(origin) {
    try {
        const url = new URL(origin);
        return url.protocol === 'http:' || url.protocol === 'https:' ? url.host.toLowerCase() : null;
    }
    catch {
        return null;
    }
}
function isLoopbackPeer(address) {
    if (address === undefined)
        return false;
    return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}
//# sourceMappingURL=security.js.map