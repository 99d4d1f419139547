import { RRClass, RRType, Rcode, canonicalName, isInZone } from '../dns-wire/index.js';
import { sampleWeighted } from './weighted.js';
const CNAME_CHAIN_MAX = 8;
export function answerQuestion(zone, question, random, options = {}) {
    const name = canonicalName(question.name);
    if (!isInZone(name, zone.origin) || (question.class !== RRClass.IN && question.class !== RRClass.ANY)) {
        return { rcode: Rcode.REFUSED, authoritative: false, answers: [], authorities: [], additionals: [], cacheable: true };
    }
    if (question.type === RRType.AXFR || question.type === RRType.IXFR) {
        return { rcode: Rcode.REFUSED, authoritative: false, answers: [], authorities: [], additionals: [], cacheable: true };
    }
    const answers = [];
    const state = { cacheable: true };
    let current = name;
    let owner = question.name;
    for (let hop = 0; hop < CNAME_CHAIN_MAX; hop++) {
        const node = zone.rrsetsAt(current);
        if (node === undefined) {
            // After a CNAME the rcode speaks of the last name of the chain (RFC 6604 §2).
            const rcode = zone.isEmptyNonTerminal(current) ? Rcode.NOERROR : Rcode.NXDOMAIN;
            return negative(zone, rcode, answers);
        }
        const wanted = question.type === RRType.ANY ? [...node.values()] : [node.get(question.type)].filter((r) => r !== undefined);
        const only = wanted.length === 1 ? wanted[0] : undefined;
        if (options.deferSampling === true && hop === 0 && only !== undefined && needsSampling(only)) {
            const all = only.rdatas.map((data) => ({ name: owner, type: only.type, class: RRClass.IN, ttl: only.ttl, data }));
            return {
                rcode: Rcode.NOERROR, authoritative: true, answers: all, authorities: [], additionals: [], cacheable: true,
                sampling: { weights: only.weights, answersMax: only.answersMax },
            };
        }
        if (wanted.length > 0) {
            for (const rrset of wanted)
                answers.push(...toRecords(owner, rrset, random, state));
            return { rcode: Rcode.NOERROR, authoritative: true, answers, authorities: [], additionals: glueFor(zone, wanted), cacheable: state.cacheable };
        }
        const cname = node.get(RRType.CNAME);
        const target = cname?.rdatas[0];
        if (cname === undefined || target?.kind !== 'CNAME')
            return negative(zone, Rcode.NOERROR, answers);
        answers.push(...toRecords(owner, cname, random, state));
        if (!isInZone(target.host, zone.origin))
            break;
        current = canonicalName(target.host);
        owner = target.host;
    }
    return { rcode: Rcode.NOERROR, authoritative: true, answers, authorities: [], additionals: [], cacheable: state.cacheable };
}
function negative(zone, rcode, answers) {
    const soaSet = zone.rrset(zone.origin, RRType.SOA);
    const soa = soaSet.rdatas[0];
    // RFC 2308 §3: the negative-caching TTL is the smaller of the SOA's TTL and its MINIMUM.
    const ttl = soa.kind === 'SOA' ? Math.min(soaSet.ttl, soa.minimum) : soaSet.ttl;
    const authority = { name: zone.origin, type: RRType.SOA, class: RRClass.IN, ttl, data: soa };
    return { rcode, authoritative: true, answers, authorities: [authority], additionals: [], cacheable: true };
}
function needsSampling(rrset) {
    return rrset.weights !== undefined && rrset.answersMax !== undefined && rrset.rdatas.length > rrset.answersMax;
}
function toRecords(owner, rrset, random, state) {
    let rdatas = rrset.rdatas;
    if (needsSampling(rrset)) {
        rdatas = sampleWeighted(rdatas, rrset.weights, rrset.answersMax, random);
        state.cacheable = false;
    }
    return rdatas.map((data) => ({ name: owner, type: rrset.type, class: RRClass.IN, ttl: rrset.ttl, data }));
}
/** Addresses of in-zone name servers named in an NS answer. */
function glueFor(zone, rrsets) {
    const glue = [];
    for (const rrset of rrsets) {
        if (rrset.type !== RRType.NS)
            continue;
        for (const ns of rrset.rdatas) {
            if (ns.kind !== 'NS' || !isInZone(ns.host, zone.origin))
                continue;
            for (const type of [RRType.A, RRType.AAAA]) {
                const addresses = zone.rrset(canonicalName(ns.host), type);
                for (const data of addresses?.rdatas ?? [])
                    glue.push({ name: ns.host, type, class: RRClass.IN, ttl: addresses.ttl, data });
            }
        }
    }
    return glue;
}
//# sourceMappingURL=answer.js.map