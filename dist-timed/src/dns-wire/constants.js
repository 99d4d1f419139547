/** Numeric codes of the DNS wire format (RFC 1035, 2136, 6891, 8945). */
export const RRType = {
    A: 1,
    NS: 2,
    CNAME: 5,
    SOA: 6,
    TXT: 16,
    AAAA: 28,
    OPT: 41,
    IXFR: 251,
    AXFR: 252,
    TSIG: 250,
    ANY: 255,
};
export const RRClass = {
    IN: 1,
    CH: 3,
    /** RFC 2136: "delete this RR" in the update section, "RRset does not exist" in prerequisites. */
    NONE: 254,
    /** RFC 2136: "delete RRset / name", "RRset / name exists". */
    ANY: 255,
};
export const Opcode = {
    QUERY: 0,
    NOTIFY: 4,
    UPDATE: 5,
};
export const Rcode = {
    NOERROR: 0,
    FORMERR: 1,
    SERVFAIL: 2,
    NXDOMAIN: 3,
    NOTIMP: 4,
    REFUSED: 5,
    YXDOMAIN: 6,
    YXRRSET: 7,
    NXRRSET: 8,
    NOTAUTH: 9,
    NOTZONE: 10,
};
/** Extended rcodes carried in OPT (BADVERS) or in the TSIG error field (the rest). */
export const ExtendedRcode = {
    BADVERS: 16,
    BADSIG: 16,
    BADKEY: 17,
    BADTIME: 18,
};
const TYPE_NAMES = new Map(Object.entries(RRType).map(([name, code]) => [code, name]));
const RCODE_NAMES = new Map(Object.entries(Rcode).map(([name, code]) => [code, name]));
export function typeName(type) {
    return TYPE_NAMES.get(type) ?? `TYPE${type}`;
}
export function rcodeName(rcode) {
    return RCODE_NAMES.get(rcode) ?? `RCODE${rcode}`;
}
/** Limits of the format itself (RFC 1035 §2.3.4). */
export const NAME_WIRE_LENGTH_MAX = 255;
export const LABEL_LENGTH_MAX = 63;
/** Without EDNS a UDP answer must fit in 512 bytes. */
export const UDP_PAYLOAD_CLASSIC_MAX = 512;
export const HEADER_LENGTH = 12;
/** Pointer hops followed while reading one name: more than a valid name can need (127 labels). */
export const NAME_POINTER_HOPS_MAX = 128;
//# sourceMappingURL=constants.js.map