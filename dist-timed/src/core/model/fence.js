/**
 * The fence: a TXT record at `_dnsplane.<endpoint>` whose value names the plan generation whose
 * records are live on that endpoint, the digest of those records and the Enactor that wrote them:
 *
 *     _dnsplane.api.us-east-1.example.test. TXT "gen=42 digest=9f2c... by=use1-az1"
 *
 * Every write of an endpoint is a compare-and-swap on this record (ARCHITECTURE §2). The
 * prerequisite of that swap is the fence RRset exactly as it was read (FenceRaw), never a
 * re-rendering of the parsed value: `gen=07 …` or a value split over two character-strings parse
 * to the same Fence as `gen=7 …`, but a server compares bytes, and a rebuilt prerequisite would
 * never match.
 */
import { assert } from './assert.js';
import { generation } from './ids.js';
export const FENCE_LABEL = '_dnsplane';
/** Generations are produced and parsed over the same range: [1, 2^53 − 1]. */
export const GENERATION_MAX = Number.MAX_SAFE_INTEGER;
/**
 * How far above the store's high-water mark a live fence may be and still be ours. Renumbering
 * above a restored store's fences needs a jump of at most the generations created since the
 * backup; a fence far beyond that (`gen=999999999999999`, hand-typed or foreign) is not a plan,
 * and numbering above it would burn the range. Such a fence is left alone and alarmed until an
 * operator adopts the name back.
 */
export const GENERATION_JUMP_MAX = 1_000_000;
export function fenceName(endpoint) {
    return `${FENCE_LABEL}.${endpoint}`;
}
export function formatFence(fence) {
    assert(fence.generation >= 1 && fence.generation <= GENERATION_MAX, `fence generation ${fence.generation} outside [1, ${GENERATION_MAX}]`);
    return `gen=${fence.generation} digest=${fence.digest} by=${fence.by}`;
}
/** The RRset an Enactor writes for a fence: one record, one string. */
export function rawOfFence(fence) {
    return [[formatFence(fence)]];
}
const FENCE_PATTERN = /^gen=(\d{1,16}) digest=([0-9a-f]{1,64}) by=([A-Za-z0-9._-]{1,63})$/;
/** Parses a fence value. A malformed fence is reported, not assumed: the Enactor never overwrites it blindly. */
export function parseFence(text) {
    const match = FENCE_PATTERN.exec(text);
    if (!match)
        return { ok: false, reason: `malformed fence '${text}'` };
    const value = Number(match[1]);
    if (!Number.isSafeInteger(value) || value < 1)
        return { ok: false, reason: `fence generation ${match[1]} outside [1, ${GENERATION_MAX}]` };
    return { ok: true, fence: { generation: generation(value), digest: match[2], by: match[3] } };
}
/** Reads a fence RRset as served (null or empty: absent). Character-strings of one record are joined, as TXT semantics say. */
export function readFenceRaw(raw) {
    if (raw === null || raw.length === 0)
        return { kind: 'absent' };
    const texts = raw.map((strings) => strings.join(''));
    if (texts.length !== 1)
        return { kind: 'malformed', text: texts.join(' | '), raw };
    const parsed = parseFence(texts[0]);
    return parsed.ok ? { kind: 'fence', fence: parsed.fence, raw } : { kind: 'malformed', text: texts[0], raw };
}
/** Byte equality of two fence RRsets, record order included (servers return an RRset's records in a stable order). */
export function fenceRawEqual(a, b) {
    const left = a ?? [];
    const right = b ?? [];
    if (left.length !== right.length)
        return false;
    for (let i = 0; i < left.length; i++) {
        const x = left[i];
        const y = right[i];
        if (x.length !== y.length)
            return false;
        for (let j = 0; j < x.length; j++)
            if (x[j] !== y[j])
                return false;
    }
    return true;
}
export function describeFenceRaw(raw) {
    if (raw === null || raw.length === 0)
        return 'absent';
    return raw.map((strings) => strings.map((s) => JSON.stringify(s)).join(' ')).join(' | ');
}
export function fenceGeneration(fence) {
    return fence === null ? generation(0) : fence.generation;
}
//# sourceMappingURL=fence.js.map