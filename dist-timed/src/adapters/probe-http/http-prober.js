/**
 * HTTP health probe: one GET, healthy on 2xx or 3xx. Built for seeing a dead load balancer quickly:
 * no connection reuse (a pooled socket could outlive the server it was opened to), no redirects
 * (a redirect is the load balancer answering), the body drained but bounded, and one deadline for
 * the whole exchange. It never rejects: every failure is an unhealthy result with a detail.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { performance } from 'node:perf_hooks';
import { assert } from '../../core/model/assert.js';
/** Response bytes read before the probe stops reading; a health body is small, a runaway one is not our problem. */
export const PROBE_BODY_BYTES_MAX = 64 * 1024;
export class HttpProber {
    probe(target, timeoutMs) {
        assert(target.kind === 'http', `HttpProber cannot probe a ${target.kind} target`);
        return probeHttp(target.url, timeoutMs, target.expect);
    }
}
/** Any 2xx or 3xx, whatever the body. */
export const DEFAULT_HTTP_EXPECTATION = { statusMin: 200, statusMax: 399 };
export function probeHttp(url, timeoutMs, expect = DEFAULT_HTTP_EXPECTATION) {
    assert(Number.isFinite(timeoutMs) && timeoutMs > 0, `probe timeout must be positive, got ${timeoutMs}`);
    const startedAt = performance.now();
    return new Promise((resolve) => {
        let request;
        let settled = false;
        const finish = (healthy, detail) => {
            if (settled)
                return;
            settled = true;
            clearTimeout(deadline);
            request?.destroy();
            resolve({ healthy, latencyMs: performance.now() - startedAt, detail });
        };
        const deadline = setTimeout(() => finish(false, `timeout after ${timeoutMs} ms`), timeoutMs);
        try {
            request = startRequest(url, expect.headers ?? {}, (response) => readResponse(response, expect, finish));
            request.on('error', (error) => finish(false, errorDetail(error)));
            request.end();
        }
        catch (error) {
            // An unparsable URL throws synchronously; config validation should have caught it.
            finish(false, errorDetail(error));
        }
    });
}
function startRequest(url, extraHeaders, onResponse) {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
        throw new Error(`unsupported protocol ${parsed.protocol}`);
    const send = parsed.protocol === 'https:' ? httpsRequest : httpRequest;
    return send(parsed, {
        method: 'GET',
        agent: false,
        headers: { 'user-agent': 'dnsplane-probe', accept: '*/*', ...extraHeaders, connection: 'close' },
    }, onResponse);
}
/** Health is decided by the status (and body), but only once the response has been read (or enough of it). */
function readResponse(response, expect, finish) {
    const status = response.statusCode ?? 0;
    const statusOk = status >= expect.statusMin && status <= expect.statusMax;
    const chunks = [];
    let bytes = 0;
    const verdict = () => {
        if (!statusOk)
            return finish(false, `status ${status}`);
        if (expect.bodyContains === undefined)
            return finish(true, '');
        const body = Buffer.concat(chunks).toString('utf8');
        if (body.includes(expect.bodyContains))
            return finish(true, '');
        finish(false, `body lacks ${JSON.stringify(expect.bodyContains)}`);
    };
    response.on('data', (chunk) => {
        bytes += chunk.length;
        if (expect.bodyContains !== undefined && bytes - chunk.length < PROBE_BODY_BYTES_MAX)
            chunks.push(chunk);
        if (bytes > PROBE_BODY_BYTES_MAX)
            verdict();
    });
    response.on('end', verdict);
    response.on('error', (error) => finish(false, errorDetail(error)));
    // A connection closed mid-body is a failing server, whatever its status line said.
    response.on('close', () => {
        if (response.complete)
            verdict();
        else
            finish(false, 'connection closed before the response ended');
    });
}
export function errorDetail(error) {
    if (error instanceof Error) {
        const code = 'code' in error && typeof error.code === 'string' ? error.code : undefined;
        return code ?? error.message;
    }
    return String(error);
}
//# sourceMappingURL=http-prober.js.map