/**
 * One etcd client per process, shared by the plan store, the control store, the audit log and the
 * heartbeats, with the few operations they need (range, txn, lease grant/keepalive/revoke, watch)
 * turned into Results: an unreachable cluster, a lost quorum or a timed-out call is a retryable
 * 'unavailable' Failure, never an exception (the callers are control loops that retry; the DNS
 * answer path never calls etcd at all).
 *
 * Every unary call carries a deadline (`callTimeoutMs`): without one, a call to a cluster without
 * quorum waits forever, and a Planner waiting forever cannot notice that its lease expired.
 * The per-host circuit breaker opens after 3 failures and half-opens after 1 s (the client's
 * default is 5 s, which would delay convergence after etcd returns by up to 5 s).
 */
import { readFileSync } from 'node:fs';
import { circuitBreaker, ConsecutiveBreaker, handleWhen } from 'cockatiel';
import { Etcd3, isRecoverableError } from 'etcd3';
import { failure, ok } from '../../core/ports/result.js';
export const ETCD_CALL_TIMEOUT_MS_DEFAULT = 2_000;
const BREAKER_HALF_OPEN_AFTER_MS = 1_000;
const BREAKER_FAILURES_CONSECUTIVE_MAX = 3;
const KEEPALIVE_TIMEOUT_MS_DEFAULT = 2_000;
export class EtcdConnection {
    client;
    prefix;
    callTimeoutMs;
    closed = false;
    /** The cluster of the first answer (its header's cluster_id); every later answer must match. */
    clusterId = null;
    constructor(client, prefix, callTimeoutMs) {
        this.client = client;
        this.prefix = prefix;
        this.callTimeoutMs = callTimeoutMs;
    }
    static open(options) {
        const callTimeoutMs = options.callTimeoutMs ?? ETCD_CALL_TIMEOUT_MS_DEFAULT;
        const clientOptions = {
            hosts: [...options.endpoints],
            dialTimeout: callTimeoutMs,
            // Streams (watches, keepalives) live long; only unary calls get a deadline.
            defaultCallOptions: (context) => (context.isStream ? {} : { deadline: Date.now() + callTimeoutMs }),
            faultHandling: {
                host: () => circuitBreaker(handleWhen(isRecoverableError), {
                    halfOpenAfter: BREAKER_HALF_OPEN_AFTER_MS,
                    breaker: new ConsecutiveBreaker(BREAKER_FAILURES_CONSECUTIVE_MAX),
                }),
            },
            ...(options.tls === undefined ? {} : { credentials: readCredentials(options.tls) }),
            ...(options.auth === undefined ? {} : { auth: { username: options.auth.username, password: options.auth.password } }),
        };
        return new EtcdConnection(new Etcd3(clientOptions), options.prefix, callTimeoutMs);
    }
    /** The full key of `path` under this deployment's prefix. */
    key(path) {
        return Buffer.from(this.prefix + path, 'utf8');
    }
    /** Closes the client; every later call fails as 'unavailable'. Idempotent. */
    close() {
        if (this.closed)
            return;
        this.closed = true;
        this.client.close();
    }
    async txn(what, compare, success, failureOps = []) {
        const done = await this.call(what, () => this.client.kv.txn({ compare: [...compare], success: [...success], failure: [...failureOps] }));
        return done.ok ? this.sameCluster(what, done.value.header.cluster_id, done.value) : done;
    }
    /** Every key-value under `path` (a prefix), ascending by key. */
    async rangePrefix(what, path, keysOnly) {
        const key = this.key(path);
        const read = await this.call(what, () => this.client.kv.range({ key, range_end: prefixEnd(key), keys_only: keysOnly }));
        return read.ok ? this.sameCluster(what, read.value.header.cluster_id, read.value.kvs) : read;
    }
    /** One range request as given (bounds, limit, order): paging through a key range. */
    async range(what, request) {
        const read = await this.call(what, () => this.client.kv.range(request));
        return read.ok ? this.sameCluster(what, read.value.header.cluster_id, read.value.kvs) : read;
    }
    /** Grants a lease of `ttlSeconds`; returns its id and the ttl etcd actually granted. */
    async grantLease(ttlSeconds) {
        const granted = await this.call('lease grant', () => this.client.leaseClient.leaseGrant({ TTL: ttlSeconds }));
        return granted.ok ? ok({ id: granted.value.ID, ttlSeconds: Number(granted.value.TTL) }) : granted;
    }
    /** Renews a lease once; returns its renewed ttl in seconds, 0 when etcd no longer knows it (expired or revoked). */
    async keepAliveOnce(leaseId) {
        return this.call('lease keepalive', async () => {
            const stream = await this.client.leaseClient.leaseKeepAlive();
            try {
                const reply = new Promise((resolve, reject) => {
                    const timer = setTimeout(() => reject(new Error(`lease keepalive: no reply within ${KEEPALIVE_TIMEOUT_MS_DEFAULT} ms`)), KEEPALIVE_TIMEOUT_MS_DEFAULT);
                    // The stream carries one request, so the first reply (or error) is the only one.
                    stream.on('data', (response) => {
                        clearTimeout(timer);
                        resolve(Math.max(0, Number(response.TTL)));
                    });
                    stream.on('error', (error) => {
                        clearTimeout(timer);
                        reject(error);
                    });
                });
                stream.write({ ID: leaseId });
                return await reply;
            }
            finally {
                stream.cancel();
            }
        });
    }
    /** Remaining seconds of a lease (-1 when it is gone). */
    async leaseRemainingSeconds(leaseId) {
        const read = await this.call('lease ttl', () => this.client.leaseClient.leaseTimeToLive({ ID: leaseId }));
        return read.ok ? ok(Number(read.value.TTL)) : read;
    }
    async revokeLease(leaseId) {
        const revoked = await this.call('lease revoke', () => this.client.leaseClient.leaseRevoke({ ID: leaseId }));
        return revoked.ok ? ok(undefined) : revoked;
    }
    /**
     * Watches one key; `onPut` gets each new value. The client re-establishes a broken watch stream
     * by itself (with backoff), so the watch survives etcd restarts; callers keep polling as well.
     */
    async watchKey(path, onPut) {
        return this.call('watch', async () => {
            const watcher = await this.client.watch().key(this.key(path)).create();
            watcher.on('put', (kv) => onPut(kv.value));
            // Errors are reported by the polling that runs beside the watch; the watcher reconnects itself.
            watcher.on('error', () => undefined);
            return watcher;
        });
    }
    /**
     * Every answer must come from the cluster this process first reached. An endpoint that now
     * leads to another cluster (a member's address reused, a copy-pasted config) would otherwise
     * be read and written as if it were ours: a Planner would number above the live fences there
     * and its Enactors would publish from it. Every write path reads first, so the mismatch is
     * seen before anything is written there (except a heartbeat). Retryable: the right cluster
     * may come back at that address.
     */
    sameCluster(what, clusterId, value) {
        if (this.clusterId === null)
            this.clusterId = clusterId;
        if (clusterId === this.clusterId)
            return ok(value);
        return failure('unavailable', `etcd ${what}: answered by cluster ${clusterId}, not ${this.clusterId} that this process first reached; an endpoint leads to another etcd cluster`, true);
    }
    async call(what, operation) {
        if (this.closed)
            return failure('unavailable', `etcd ${what}: the client is closed`, true);
        try {
            return ok(await operation());
        }
        catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            return failure('unavailable', `etcd ${what} failed (deadline ${this.callTimeoutMs} ms): ${message}`, true);
        }
    }
}
/** The end of the key range that holds every key starting with `key`. */
export function prefixEnd(key) {
    const end = Buffer.from(key);
    for (let i = end.length - 1; i >= 0; i--) {
        if (end[i] < 0xff) {
            end[i] = end[i] + 1;
            return end.subarray(0, i + 1);
        }
    }
    // Every byte is 0xff: the range runs to the end of the keyspace.
    return Buffer.from([0]);
}
function readCredentials(tls) {
    return {
        rootCertificate: readFileSync(tls.caFile),
        ...(tls.certFile === undefined ? {} : { certChain: readFileSync(tls.certFile) }),
        ...(tls.keyFile === undefined ? {} : { privateKey: readFileSync(tls.keyFile) }),
    };
}
/** Compare helpers: etcd treats a missing key as revision 0 and version 0. */
export const compare = {
    modRevision(key, revision) {
        return { key, target: 'Mod', result: 'Equal', mod_revision: revision };
    },
    createRevision(key, revision) {
        return { key, target: 'Create', result: 'Equal', create_revision: revision };
    },
    absent(key) {
        return { key, target: 'Version', result: 'Equal', version: 0 };
    },
    present(key) {
        return { key, target: 'Version', result: 'Greater', version: 0 };
    },
    value(key, value) {
        return { key, target: 'Value', result: 'Equal', value: Buffer.from(value, 'utf8') };
    },
};
export const op = {
    get(key) {
        return { request_range: { key } };
    },
    put(key, value, lease) {
        return { request_put: { key, value: typeof value === 'string' ? Buffer.from(value, 'utf8') : value, ...(lease === undefined ? {} : { lease }) } };
    },
    delete(key) {
        return { request_delete_range: { key } };
    },
    /** Re-puts a key with its current value and no lease: what the lease would have deleted stays. */
    detachLease(key) {
        return { request_put: { key, ignore_value: true } };
    },
    /** Deletes every key in [key, rangeEnd). */
    deleteRange(key, rangeEnd) {
        return { request_delete_range: { key, range_end: rangeEnd } };
    },
};
/** The single key-value a `get` op found in a txn response, if any. */
export function rangeResult(response, index) {
    return response.responses[index]?.response_range.kvs[0] ?? null;
}
//# sourceMappingURL=etcd-connection.js.map