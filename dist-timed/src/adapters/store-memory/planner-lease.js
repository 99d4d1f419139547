/**
 * The Planner lease rule (ARCHITECTURE §7, "Planner fencing"), decided in this one place for every
 * PlanStore that keeps the lease as a record: the memory store in its map, the SQLite store in its
 * `planner_lease` row, inside the IMMEDIATE transaction that reads and writes the row.
 *
 *   current holder == caller           → renewed: same token, expiry pushed out
 *   free ('') or expired               → granted: token = current token + 1
 *   another holder, not yet expired    → held (retryable: it may expire)
 *
 * The record always carries the newest token ever granted (a free lease keeps it too), which is
 * what makes "greater than every token granted before" a simple increment.
 *
 * Time is the caller's `nowMs` on whatever clock the store measures leases with. A renewal after
 * the caller's own lease expired, with nobody in between, keeps the token: no one else could have
 * written in the meantime, so the caller's writes stay fenced correctly.
 */
import { assert } from '../../core/model/assert.js';
import { failure } from '../../core/ports/result.js';
export const LEASE_NEVER_GRANTED = { holder: '', token: 0, ttlMs: 0, expiresAtMs: 0 };
const LEASE_HOLDER_LENGTH_MAX = 256;
export function decideLease(current, holder, ttlMs, nowMs) {
    assert(holder.length > 0 && holder.length <= LEASE_HOLDER_LENGTH_MAX, `a lease holder is 1..${LEASE_HOLDER_LENGTH_MAX} characters, got '${holder}'`);
    assert(Number.isSafeInteger(ttlMs) && ttlMs > 0, `a lease ttl is a positive integer of ms, got ${ttlMs}`);
    assert(Number.isSafeInteger(current.token) && current.token >= 0, `a lease token is a non-negative integer, got ${current.token}`);
    const expiresAtMs = nowMs + ttlMs;
    if (current.holder === holder)
        return { kind: 'renewed', record: { holder, token: current.token, ttlMs, expiresAtMs } };
    // A lease never lasts longer than its ttl from now: if the clock stepped back, the expiry ahead
    // is pulled in to now + ttl (and stored so), so a backward step lengthens a lease by at most one ttl.
    const remainingMs = Math.min(current.expiresAtMs - nowMs, current.ttlMs);
    if (current.holder !== '' && remainingMs > 0)
        return { kind: 'held', record: { ...current, expiresAtMs: nowMs + remainingMs }, remainingMs };
    return { kind: 'granted', record: { holder, token: current.token + 1, ttlMs, expiresAtMs } };
}
/** A create carrying `token` while `current` holds the newest grant. */
export function isFenced(current, token) {
    assert(Number.isSafeInteger(token), `a fencing token is an integer, got ${token}`);
    return current.token === 0 || token !== current.token;
}
export function fenced(current, token) {
    const newest = current.token === 0 ? 'no lease was ever granted' : `the newest token is ${current.token}, granted to ${current.holder}`;
    return failure('fenced', `fencing token ${token} is not the newest (${newest}): this Planner lost the lease and must not write; take the lease again`, false);
}
//# sourceMappingURL=planner-lease.js.map