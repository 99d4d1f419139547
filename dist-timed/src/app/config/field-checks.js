/**
 * Checks of single field values (addresses, DNS names, listen addresses, base64). Pure predicates
 * and canonicalisers: the schema uses them as refinements, the builder to normalise, so a value
 * is judged by exactly one function wherever it is read.
 */
import { isIPv4, isIPv6 } from 'node:net';
/** Longest DNS name in presentation form, without the trailing dot (RFC 1035: 255 octets on the wire). */
export const DNS_NAME_LENGTH_MAX = 253;
export const DNS_LABEL_LENGTH_MAX = 63;
// Letters, digits, hyphen; underscore is allowed because service labels (_dnsplane, _sip) use it.
const LABEL = /^[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?$/;
export { isIPv4, isIPv6 };
/** Canonical text of an IPv6 address (lower case, zeros compressed) so equal addresses compare equal. */
export function canonicalIPv6(address) {
    // The WHATWG URL parser implements RFC 5952 canonical form; it is the only one node ships.
    return new URL(`http://[${address}]/`).hostname.slice(1, -1);
}
/** Why `name` is not a valid DNS name, or undefined when it is. `absolute` demands the trailing dot. */
export function dnsNameProblem(name, absolute) {
    if (absolute && !name.endsWith('.'))
        return `'${name}' is not absolute: it must end with '.'`;
    const body = name.endsWith('.') ? name.slice(0, -1) : name;
    if (body.length === 0)
        return `'${name}' is the root; a name with at least one label is needed`;
    if (body.length > DNS_NAME_LENGTH_MAX)
        return `'${name}' is longer than ${DNS_NAME_LENGTH_MAX} characters`;
    for (const label of body.toLowerCase().split('.')) {
        if (label.length === 0)
            return `'${name}' has an empty label`;
        if (label.length > DNS_LABEL_LENGTH_MAX)
            return `'${name}' has a label longer than ${DNS_LABEL_LENGTH_MAX} characters`;
        if (!LABEL.test(label))
            return `'${name}' has an invalid label '${label}' (letters, digits, '-' and '_' only; no leading or trailing '-')`;
    }
    return undefined;
}
/** Lower-case absolute form: `Example.Test` → `example.test.`. */
export function absoluteName(name) {
    const lower = name.toLowerCase();
    return lower.endsWith('.') ? lower : `${lower}.`;
}
/** True when `name` is `zone` itself or below it; both absolute, compared case-insensitively. */
export function isInZone(name, zone) {
    const n = name.toLowerCase();
    const z = zone.toLowerCase();
    return n === z || n.endsWith(`.${z}`);
}
/**
 * Parses `host:port` where host is an IPv4 address, a bracketed IPv6 address (`[::1]:53`) or a
 * host name. `portMin` is 0 for listen addresses (0 asks the OS for a free port) and 1 for targets.
 */
export function parseHostPort(text, portMin) {
    const match = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(text);
    if (match === null)
        return `'${text}' is not host:port (IPv6 in brackets: [::1]:53)`;
    const port = Number(match[3]);
    if (port < portMin || port > 65535)
        return `port ${port} in '${text}' is outside ${portMin}-65535`;
    const bracketed = match[1];
    if (bracketed !== undefined) {
        if (!isIPv6(bracketed))
            return `'${bracketed}' in '${text}' is not a valid IPv6 address`;
        return { host: canonicalIPv6(bracketed), port };
    }
    const host = match[2];
    if (isIPv4(host))
        return { host, port };
    if (/^[0-9.]+$/.test(host))
        return `'${host}' in '${text}' is not a valid IPv4 address`;
    const problem = dnsNameProblem(host, false);
    if (problem !== undefined)
        return `host in '${text}': ${problem}`;
    return { host: host.toLowerCase(), port };
}
/** Strict base64 (RFC 4648 §4, padded), as BIND and nsupdate write TSIG secrets. */
export function isStrictBase64(text) {
    if (text.length === 0 || text.length % 4 !== 0)
        return false;
    return /^[A-Za-z0-9+/]+={0,2}$/.test(text);
}
/** Why `url` cannot be probed, or undefined. Only http and https are probed. */
export function httpUrlProblem(url) {
    let parsed;
    try {
        parsed = new URL(url);
    }
    catch {
        return `'${url}' is not a valid URL`;
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
        return `'${url}' must use http:// or https://`;
    if (parsed.hostname === '')
        return `'${url}' has no host`;
    if (parsed.username !== '' || parsed.password !== '')
        return `'${url}' must not carry credentials`;
    return undefined;
}
//# sourceMappingURL=field-checks.js.map