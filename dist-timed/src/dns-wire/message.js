export const EMPTY_HEADER = {
    id: 0, qr: false, opcode: 0, aa: false, tc: false, rd: false, ra: false, ad: false, cd: false, rcode: 0,
};
export function makeQuery(id, name, type, options = {}) {
    return {
        header: { ...EMPTY_HEADER, id, rd: options.rd ?? false },
        questions: [{ name, type, class: options.class ?? 1 }],
        answers: [],
        authorities: [],
        additionals: [],
    };
}
/** Lower-cases ASCII letters only: DNS names compare case-insensitively on ASCII (RFC 4343). */
export function canonicalName(name) {
    return name.toLowerCase();
}
/** True when `name` is `origin` or below it (both absolute, compared canonically). */
export function isInZone(name, origin) {
    const n = canonicalName(name);
    const o = canonicalName(origin);
    if (o === '.')
        return true;
    return n === o || n.endsWith(`.${o}`);
}
//# sourceMappingURL=message.js.map