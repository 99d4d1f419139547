/**
 * Response rate limiting (RRL), in the manner of BIND's and Knot's: UDP answers are spoofable, so
 * a flood of queries with a victim's address as source would turn this server into an amplifier.
 * Each UDP reply is charged to an account keyed by the client's prefix and by what the answer is:
 *
 *   key = client prefix (/24 for IPv4, /56 for IPv6 by default) + rcode + question (lower case)
 *         NXDOMAIN: + the zone instead of the question, so random names share one account
 *         errors (REFUSED, FORMERR, SERVFAIL, ...): one account per prefix
 *
 * An account earns `responsesPerSecond` credits a second, holds at most that many, and owes at
 * most `windowSeconds` worth: a client that floods stays limited until its debt is repaid. A reply
 * charged to an account in debt is not sent; every `slip`-th one goes out instead as a small
 * truncated reply (TC=1, no records), so a real client behind a spoofed flood retries over TCP,
 * which is never limited. slip 0: drop them all.
 *
 * The table is bounded: at `accountsMax` accounts, the ones that have repaid their debt are
 * forgotten (they hold nothing a fresh account would not), then, if still full, the oldest.
 */
export const RATE_LIMIT_DEFAULTS = {
    responsesPerSecond: 100,
    slip: 2,
    windowSeconds: 15,
    ipv4PrefixLength: 24,
    ipv6PrefixLength: 56,
};
const ACCOUNTS_MAX_DEFAULT = 100_000;
const HEADER_BYTES = 12;
const RCODE_NXDOMAIN = 3;
const FLAG_TC = 0x02;
export class ResponseRateLimiter {
    settings;
    nowMs;
    accountsMax;
    accounts = new Map();
    droppedCount = 0;
    slippedCount = 0;
    constructor(settings, nowMs = Date.now, accountsMax = ACCOUNTS_MAX_DEFAULT) {
        this.settings = settings;
        this.nowMs = nowMs;
        this.accountsMax = accountsMax;
    }
    get counts() {
        return { dropped: this.droppedCount, slipped: this.slippedCount };
    }
    /** The reply to send to `address` (maybe a truncated slip), or null to send nothing. */
    admit(reply, address) {
        if (this.settings.responsesPerSecond <= 0 || reply.length < HEADER_BYTES)
            return reply;
        const key = this.accountKey(reply, address);
        const account = this.charge(key);
        if (account.balance >= 0)
            return reply;
        account.limitedCount++;
        if (this.settings.slip > 0 && account.limitedCount % this.settings.slip === 0) {
            this.slippedCount++;
            return truncated(reply);
        }
        this.droppedCount++;
        return null;
    }
    charge(key) {
        const now = this.nowMs();
        const rate = this.settings.responsesPerSecond;
        let account = this.accounts.get(key);
        if (account === undefined) {
            if (this.accounts.size >= this.accountsMax)
                this.forgetRepaid(now);
            account = { balance: rate, lastMs: now, limitedCount: 0 };
            this.accounts.set(key, account);
        }
        else {
            const earned = ((now - account.lastMs) / 1000) * rate;
            account.balance = Math.min(rate, account.balance + earned);
            account.lastMs = now;
        }
        account.balance = Math.max(-rate * this.settings.windowSeconds, account.balance - 1);
        return account;
    }
    forgetRepaid(now) {
        const rate = this.settings.responsesPerSecond;
        for (const [key, account] of this.accounts) {
            if (account.balance + ((now - account.lastMs) / 1000) * rate >= rate)
                this.accounts.delete(key);
        }
        // Still full (a flood from many prefixes): drop the oldest half, in insertion order.
        if (this.accounts.size < this.accountsMax)
            return;
        let toDrop = Math.ceil(this.accounts.size / 2);
        for (const key of this.accounts.keys()) {
            if (toDrop-- <= 0)
                break;
            this.accounts.delete(key);
        }
    }
    accountKey(reply, address) {
        const prefix = clientPrefix(address, this.settings.ipv4PrefixLength, this.settings.ipv6PrefixLength);
        const rcode = reply[3] & 0x0f;
        if (rcode === RCODE_NXDOMAIN)
            return `${prefix}|nx`;
        if (rcode !== 0)
            return `${prefix}|err`;
        const questionEnd = questionEndOf(reply);
        if (questionEnd === null)
            return `${prefix}|err`;
        // Case does not make a new account (0x20 case randomisation would otherwise evade the limit).
        return `${prefix}|${asciiLower(reply, HEADER_BYTES, questionEnd)}`;
    }
}
/** The reply as a slip: header with TC=1 and no records, the question kept. */
function truncated(reply) {
    const end = questionEndOf(reply) ?? HEADER_BYTES;
    const out = Buffer.from(reply.subarray(0, end));
    out[2] |= FLAG_TC;
    const questions = end === HEADER_BYTES ? 0 : 1;
    out.writeUInt16BE(questions, 4);
    out.fill(0, 6, 12);
    return out;
}
/** Where the first question ends (name, type, class), or null when there is none or it is cut. */
function questionEndOf(reply) {
    if (reply[4] === 0 && reply[5] === 0)
        return null;
    let at = HEADER_BYTES;
    while (at < reply.length) {
        const length = reply[at];
        if (length === 0)
            return at + 5 <= reply.length ? at + 5 : null;
        if ((length & 0xc0) !== 0)
            return null; // the first name of a message is never compressed
        at += length + 1;
    }
    return null;
}
function asciiLower(bytes, start, end) {
    let text = '';
    for (let i = start; i < end; i++) {
        const byte = bytes[i];
        text += String.fromCharCode(byte >= 0x41 && byte <= 0x5a ? byte | 0x20 : byte);
    }
    return text;
}
/** The client's network: the address with its host bits cleared, as text. */
export function clientPrefix(address, ipv4PrefixLength, ipv6PrefixLength) {
    const mapped = address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
    if (!mapped.includes(':'))
        return ipv4Prefix(mapped, ipv4PrefixLength);
    return ipv6Prefix(mapped, ipv6PrefixLength);
}
function ipv4Prefix(address, bits) {
    const parts = address.split('.').map(Number);
    const value = (((parts[0] ?? 0) << 24) | ((parts[1] ?? 0) << 16) | ((parts[2] ?? 0) << 8) | (parts[3] ?? 0)) >>> 0;
    const masked = bits === 0 ? 0 : (value & (0xffffffff << (32 - bits))) >>> 0;
    return `${masked >>> 24}.${(masked >>> 16) & 0xff}.${(masked >>> 8) & 0xff}.${masked & 0xff}/${bits}`;
}
function ipv6Prefix(address, bits) {
    const groups = expandIpv6(address);
    const kept = [];
    for (let i = 0; i < 8; i++) {
        const bitsHere = Math.max(0, Math.min(16, bits - i * 16));
        const mask = bitsHere === 0 ? 0 : (0xffff << (16 - bitsHere)) & 0xffff;
        kept.push((groups[i] & mask).toString(16));
    }
    return `${kept.join(':')}/${bits}`;
}
function expandIpv6(address) {
    const withoutZone = address.split('%')[0];
    const [head = '', tail] = withoutZone.split('::');
    const parse = (part) => (part === '' ? [] : part.split(':').map((g) => Number.parseInt(g, 16) || 0));
    const left = parse(head);
    const right = tail === undefined ? [] : parse(tail);
    const zeros = Array.from({ length: Math.max(0, 8 - left.length - right.length) }, () => 0);
    return [...left, ...zeros, ...right].slice(0, 8);
}
//# sourceMappingURL=rate-limit.js.map