/**
 * The authoritative DNS the Enactors write to. Every implementation must make `applyFenced`
 * atomic for the whole batch: either every write in it happened (each endpoint's fence RRset was
 * byte for byte the one the writer read) or none did. See ARCHITECTURE §2 and the contract suite
 * in test/contract/dns-provider.contract.ts, which runs against every implementation.
 */
import { readFenceRaw } from '../model/fence.js';
/** A LiveEndpoint from a fence RRset as read and the served content: every provider parses fences this one way. */
export function liveEndpoint(name, fenceRaw, served) {
    const reading = readFenceRaw(fenceRaw);
    const base = { name, ...served, fenceRaw: reading.kind === 'absent' ? null : reading.raw };
    if (reading.kind === 'malformed')
        return { ...base, fence: null, fenceMalformed: reading.text };
    return { ...base, fence: reading.kind === 'fence' ? reading.fence : null };
}
//# sourceMappingURL=dns-provider.js.map