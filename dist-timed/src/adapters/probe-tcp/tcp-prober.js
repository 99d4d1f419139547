/**
 * TCP health probe: healthy when a connection opens within the timeout. The socket is destroyed
 * at once; nothing is sent. It never rejects: every failure is an unhealthy result with a detail.
 */
import { connect } from 'node:net';
import { performance } from 'node:perf_hooks';
import { assert } from '../../core/model/assert.js';
import { errorDetail } from '../probe-http/http-prober.js';
export class TcpProber {
    probe(target, timeoutMs) {
        assert(target.kind === 'tcp', `TcpProber cannot probe a ${target.kind} target`);
        return probeTcp(target.host, target.port, timeoutMs);
    }
}
export function probeTcp(host, port, timeoutMs) {
    assert(Number.isFinite(timeoutMs) && timeoutMs > 0, `probe timeout must be positive, got ${timeoutMs}`);
    const startedAt = performance.now();
    return new Promise((resolve) => {
        let socket;
        let settled = false;
        const finish = (healthy, detail) => {
            if (settled)
                return;
            settled = true;
            clearTimeout(deadline);
            socket?.destroy();
            resolve({ healthy, latencyMs: performance.now() - startedAt, detail });
        };
        const deadline = setTimeout(() => finish(false, `timeout after ${timeoutMs} ms`), timeoutMs);
        try {
            socket = connect({ host, port });
            socket.once('connect', () => finish(true, ''));
            socket.once('error', (error) => finish(false, errorDetail(error)));
        }
        catch (error) {
            // An invalid port throws synchronously; config validation should have caught it.
            finish(false, errorDetail(error));
        }
    });
}
//# sourceMappingURL=tcp-prober.js.map