import { failure, ok } from '../../core/ports/result.js';
import { ExtendedRcode, Rcode, rcodeName } from '../../dns-wire/index.js';
const PREREQUISITE_FAILED = new Set([Rcode.NXRRSET, Rcode.YXRRSET, Rcode.NXDOMAIN, Rcode.YXDOMAIN]);
export function updateOutcome(facts) {
    const where = `${facts.server} zone ${facts.zone}`;
    if (facts.tsig.kind === 'bad')
        return tsigFailure(facts, where);
    if (facts.rcode === Rcode.NOERROR) {
        if (facts.tsig.kind === 'unsigned') {
            return failure('tsig', `${where}: NOERROR response to a signed update is not signed with key ${facts.keyName}; not trusted as applied`, false);
        }
        return ok({ kind: 'applied' });
    }
    if (PREREQUISITE_FAILED.has(facts.rcode)) {
        return ok({ kind: 'conflict', detail: `${where}: prerequisite failed (${rcodeName(facts.rcode)}) in a batch of ${facts.endpoints} endpoint(s): another writer moved a fence` });
    }
    switch (facts.rcode) {
        case Rcode.NOTAUTH:
            return failure('config', `${where}: NOTAUTH: the server does not accept key ${facts.keyName} for this zone (wrong key name, algorithm or secret) or is not authoritative for ${facts.zone}`, false);
        case Rcode.REFUSED:
            return failure('config', `${where}: REFUSED: updates to ${facts.zone} are not allowed for key ${facts.keyName} (check allow-update / ACL / TSIG-ALLOW-DNSUPDATE)`, false);
        case Rcode.NOTZONE:
            return failure('config', `${where}: NOTZONE: a name is outside zone ${facts.zone}`, false);
        case Rcode.NOTIMP:
            return failure('config', `${where}: NOTIMP: the server does not implement dynamic updates for ${facts.zone} (PowerDNS: dnsupdate=yes)`, false);
        case Rcode.FORMERR:
            return failure('config', `${where}: FORMERR: the server could not parse the update`, false);
        case Rcode.SERVFAIL:
            return failure('unavailable', `${where}: SERVFAIL while applying the update`, true);
        default:
            return failure('server', `${where}: unexpected rcode ${rcodeName(facts.rcode)}`, true);
    }
}
function tsigFailure(facts, where) {
    const { error, reason } = facts.tsig.kind === 'bad' ? facts.tsig : { error: 0, reason: '' };
    switch (error) {
        case ExtendedRcode.BADSIG:
            return failure('config', `${where}: the server rejected our TSIG signature (BADSIG): the secret of key ${facts.keyName} differs from the server's`, false);
        case ExtendedRcode.BADKEY:
            return failure('config', `${where}: the server does not know key ${facts.keyName} with this algorithm (BADKEY)`, false);
        case ExtendedRcode.BADTIME:
            return failure('config', `${where}: TSIG time check failed (BADTIME): this host's clock and the server's differ by more than the fudge`, false);
        default:
            return failure('tsig', `${where}: the response's TSIG does not verify with key ${facts.keyName}: ${reason}`, false);
    }
}
//# sourceMappingURL=response-outcome.js.map