/**
 * The DnsProvider for Amazon Route 53, through @aws-sdk/client-route-53.
 *
 * NOT RUN AGAINST THE LIVE SERVICE: no AWS endpoint is reachable where this was built. It is
 * tested through the SDK's own middleware stack (serialisation, signing, XML parsing, error
 * mapping) against canned HTTP responses and a fake hosted zone (test/adapters/dns-route53/).
 *
 *   applyFenced(batch) ──► ONE change batch (change-batch.ts): per endpoint DELETE the fence
 *        │                 exactly as read + CREATE the new one, exact DELETEs of the address sets
 *        │                 read + CREATE of one simple A and one simple AAAA set
 *        ├─ over Route 53's per-request limits ─► 'too-large', nothing sent (never cut in two)
 *        ├─ ChangeResourceRecordSets
 *        │     InvalidChangeBatch from a fence or a stale set ─► conflict (the Enactor re-reads)
 *        │     Throttling / PriorRequestNotComplete / 5xx    ─► retried here with jittered backoff
 *        │     NoSuchHostedZone / AccessDenied / InvalidInput ─► configuration error, not retried
 *        └─ optionally wait for GetChange == INSYNC
 *
 *   materialise(records) ──► the top answersMax addresses per family by weight, no weights (Route 53
 *                            answers a simple set whole, like an RFC 2136 server)
 *
 * Atomicity: Route 53 applies one change batch atomically, and one applyFenced is one change batch.
 * writesPerTransactionMax is derived from the request limits (writesPerTransactionMaxFor) so that
 * the Enactor's batches always fit; a batch that still does not (address sets by hand far larger
 * than answersMax) is refused whole.
 */
import { ChangeResourceRecordSetsCommand, GetChangeCommand, ListResourceRecordSetsCommand, Route53Client, } from '@aws-sdk/client-route-53';
import { fenceName, rawOfFence } from '../../core/model/fence.js';
import { materialiseTopByWeight, servedTtl } from '../../core/model/served.js';
import { liveEndpoint, } from '../../core/ports/dns-provider.js';
import { failure, ok } from '../../core/ports/result.js';
import { FENCE_TTL_SECONDS, desiredAddressSets, endpointChanges, overRequestLimits, parseTxtValue, txtValue, writesPerTransactionMaxFor, } from './change-batch.js';
import { classifyRoute53Error } from './errors.js';
export const ROUTE53_DEFAULTS = {
    writesPerTransactionMax: 100,
    /** The configuration's upper bound on an endpoint's `answers`. */
    answersPerFamilyMax: 64,
    requestAttemptsMax: 5,
    backoffBaseMs: 200,
    backoffMaxMs: 5000,
    listZoneFromNames: 20,
    listPagesMax: 10_000,
    /** Page size when listing from one name: its sets, plus a few after it that show it is done. */
    listOneNameItemsMax: 20,
};
/** A client whose own retries are off: this provider classifies and retries each error itself. */
export function createRoute53Client(config) {
    return new Route53Client({ region: 'us-east-1', ...config, maxAttempts: 1 });
}
export class Route53Provider {
    options;
    id;
    writesPerTransactionMax;
    zone;
    /** What the last read saw per endpoint: needed to DELETE sets with their exact values. */
    lastSeen = new Map();
    constructor(options) {
        this.options = options;
        this.id = options.id;
        this.zone = normaliseName(options.zone);
        const fitting = writesPerTransactionMaxFor(options.answersPerFamilyMax ?? ROUTE53_DEFAULTS.answersPerFamilyMax);
        this.writesPerTransactionMax = Math.min(options.writesPerTransactionMax ?? ROUTE53_DEFAULTS.writesPerTransactionMax, fitting);
    }
    materialise(records) {
        return materialiseTopByWeight(records);
    }
    async applyFenced(writes) {
        if (writes.length === 0)
            return ok({ kind: 'applied' });
        if (writes.length > this.writesPerTransactionMax)
            return failure('too-large', `${writes.length} writes exceed ${this.writesPerTransactionMax} per transaction`, false);
        const outside = writes.find((w) => !inZone(w.endpoint, this.zone));
        if (outside !== undefined)
            return failure('config', `${outside.endpoint} is outside hosted zone ${this.zone} (${this.options.hostedZoneId})`, false);
        const changes = writes.flatMap((w) => endpointChanges(w, this.lastSeen.get(w.endpoint)));
        const over = overRequestLimits(changes);
        if (over !== null)
            return failure('too-large', `${writes.length} writes to ${this.options.hostedZoneId}: ${over}; nothing was sent`, false);
        const outcome = await this.submit(changes);
        if (outcome.ok && outcome.value.kind === 'applied')
            for (const write of writes)
                this.lastSeen.set(write.endpoint, writtenState(write));
        return outcome;
    }
    async submit(changes) {
        const command = new ChangeResourceRecordSetsCommand({
            HostedZoneId: this.options.hostedZoneId, ChangeBatch: { Comment: 'dnsplane fenced write', Changes: changes },
        });
        const sent = await this.withRetries(() => this.options.client.send(command));
        if (!sent.ok) {
            if (sent.code === 'conflict')
                return ok({ kind: 'conflict', detail: sent.message });
            return sent;
        }
        const changeId = sent.value.ChangeInfo?.Id;
        if (this.options.waitForInsync === undefined || changeId === undefined)
            return ok({ kind: 'applied' });
        return this.waitInsync(changeId, this.options.waitForInsync);
    }
    async waitInsync(changeId, wait) {
        const pollsMax = Math.max(1, Math.ceil(wait.timeoutMs / Math.max(1, wait.pollIntervalMs)));
        for (let poll = 0; poll < pollsMax; poll++) {
            const change = await this.withRetries(() => this.options.client.send(new GetChangeCommand({ Id: changeId })));
            if (!change.ok)
                return change.code === 'conflict' ? failure('server', change.message, true) : change;
            if (change.value.ChangeInfo?.Status === 'INSYNC')
                return ok({ kind: 'applied' });
            await this.sleep(wait.pollIntervalMs);
        }
        // Applied (Route 53 accepted the batch) but not yet on every name server: retrying is safe,
        // the fence makes the repeat a conflict that the Enactor resolves by re-reading.
        return failure('timeout', `change ${changeId} not INSYNC within ${wait.timeoutMs} ms`, true);
    }
    /** Runs one request, retrying only what Route 53 says is worth retrying, with jittered backoff. */
    async withRetries(request) {
        const attemptsMax = this.options.requestAttemptsMax ?? ROUTE53_DEFAULTS.requestAttemptsMax;
        let last = null;
        for (let attempt = 1; attempt <= attemptsMax; attempt++) {
            try {
                return ok(await request());
            }
            catch (error) {
                last = classifyRoute53Error(error, this.options.hostedZoneId);
                if (!last.retryable || last.code === 'conflict')
                    return last;
                if (attempt < attemptsMax)
                    await this.sleep(this.backoffMs(attempt));
            }
        }
        return last;
    }
    backoffMs(attempt) {
        const base = this.options.backoffBaseMs ?? ROUTE53_DEFAULTS.backoffBaseMs;
        const ceiling = Math.min(this.options.backoffMaxMs ?? ROUTE53_DEFAULTS.backoffMaxMs, base * 2 ** (attempt - 1));
        return Math.floor((this.options.random ?? Math.random)() * ceiling);
    }
    sleep(ms) {
        return this.options.sleepMs ? this.options.sleepMs(ms) : new Promise((resolve) => setTimeout(resolve, ms));
    }
    async readEndpoints(names) {
        const outside = names.find((name) => !inZone(name, this.zone));
        if (outside !== undefined)
            return failure('config', `${outside} is outside hosted zone ${this.zone} (${this.options.hostedZoneId})`, false);
        if (names.length === 0)
            return ok([]);
        const wanted = new Set(names.flatMap((name) => [normaliseName(name), normaliseName(fenceName(name))]));
        // Listings from neighbouring names overlap: keep each set once (name, type, set identifier).
        const sets = new Map();
        const starts = names.length >= (this.options.listZoneFromNames ?? ROUTE53_DEFAULTS.listZoneFromNames) ? [undefined] : [...wanted];
        for (const start of starts) {
            const listed = await this.list(start, wanted);
            if (!listed.ok)
                return listed;
            for (const set of listed.value)
                sets.set(`${normaliseName(set.Name ?? '')} ${set.Type ?? ''} ${set.SetIdentifier ?? ''}`, set);
        }
        const all = [...sets.values()];
        return ok(names.map((name) => this.liveEndpoint(name, all)));
    }
    /** Lists from `start` (or the whole zone), keeping the sets whose names are wanted. */
    async list(start, wanted) {
        const kept = [];
        let next = start === undefined ? {} : { name: start };
        for (let page = 0; page < ROUTE53_DEFAULTS.listPagesMax; page++) {
            const response = await this.withRetries(() => this.options.client.send(new ListResourceRecordSetsCommand({
                HostedZoneId: this.options.hostedZoneId,
                ...(next.name !== undefined ? { StartRecordName: next.name } : {}),
                ...(next.type !== undefined ? { StartRecordType: next.type } : {}),
                ...(next.identifier !== undefined ? { StartRecordIdentifier: next.identifier } : {}),
                ...(start !== undefined ? { MaxItems: ROUTE53_DEFAULTS.listOneNameItemsMax } : {}),
            })));
            if (!response.ok)
                return response.code === 'conflict' ? failure('server', response.message, true) : response;
            const sets = response.value.ResourceRecordSets ?? [];
            for (const set of sets)
                if (wanted.has(normaliseName(set.Name ?? '')))
                    kept.push(set);
            // Listing from one name: stop as soon as the page has moved past it (names sort in order).
            const movedOn = start !== undefined && sets.some((s) => normaliseName(s.Name ?? '') !== start);
            if (!response.value.IsTruncated || movedOn)
                return ok(kept);
            next = {
                ...(response.value.NextRecordName !== undefined ? { name: response.value.NextRecordName } : {}),
                ...(response.value.NextRecordType !== undefined ? { type: response.value.NextRecordType } : {}),
                ...(response.value.NextRecordIdentifier !== undefined ? { identifier: response.value.NextRecordIdentifier } : {}),
            };
        }
        return failure('too-large', `hosted zone ${this.options.hostedZoneId} has more than ${ROUTE53_DEFAULTS.listPagesMax} pages`, false);
    }
    liveEndpoint(name, sets) {
        const at = (owner) => sets.filter((s) => normaliseName(s.Name ?? '') === normaliseName(owner));
        const addressSets = at(name).flatMap((s) => {
            if (s.Type !== 'A' && s.Type !== 'AAAA')
                return [];
            return [{
                    type: s.Type, ttl: s.TTL ?? 0, values: (s.ResourceRecords ?? []).map((r) => r.Value ?? ''),
                    ...(s.SetIdentifier !== undefined ? { setIdentifier: s.SetIdentifier } : {}),
                    ...(s.Weight !== undefined ? { weight: s.Weight } : {}),
                }];
        });
        const fence = liveFenceSet(at(fenceName(name)).filter((s) => s.Type === 'TXT'));
        this.lastSeen.set(name, { fence, addressSets });
        return liveEndpoint(name, fence?.raw ?? null, servedContent(addressSets));
    }
}
/** The fence TXT set as listed: its Values verbatim, and each Value's character-strings. */
function liveFenceSet(sets) {
    const values = sets.flatMap((s) => (s.ResourceRecords ?? []).map((r) => r.Value ?? ''));
    if (values.length === 0)
        return null;
    return { ttl: sets[0]?.TTL ?? FENCE_TTL_SECONDS, values, raw: values.map(parseTxtValue) };
}
/** What the name answers with: the addresses of its A and AAAA sets and their TTL (the first set's: A sorts before AAAA). */
function servedContent(addressSets) {
    const ordered = [...addressSets].sort((x, y) => (x.type === y.type ? 0 : x.type === 'A' ? -1 : 1));
    const addresses = ordered.flatMap((s) => s.values.map((address) => ({ family: s.type, address })));
    return { ...servedTtl(ordered.map((s) => s.ttl)), addresses };
}
/** What this provider knows is live after a write it made: the DELETEs of the next write repeat it. */
function writtenState(write) {
    const raw = rawOfFence(write.newFence);
    return { fence: { ttl: FENCE_TTL_SECONDS, values: raw.map(txtValue), raw }, addressSets: desiredAddressSets(write) };
}
/** Route 53 returns names lower-case with a trailing dot and escapes some characters as \DDD. */
export function normaliseName(name) {
    const unescaped = name.replace(/\\(\d{3})/g, (_, code) => String.fromCharCode(Number(code)));
    return (unescaped.endsWith('.') ? unescaped : `${unescaped}.`).toLowerCase();
}
function inZone(name, zone) {
    const n = normaliseName(name);
    return n === zone || n.endsWith(`.${zone}`);
}
//# sourceMappingURL=route53-provider.js.map