export const CONFIG_CHANGES_LISTED_MAX = 30;
/** Paths whose change a reload cannot apply: the running sockets and the DNS server's zone. */
const RESTART_ONLY = [
    { path: 'zone', what: (c) => c.zone },
    { path: 'dns.listen', what: (c) => c.dns.listen },
    { path: 'dns.workers', what: (c) => c.dns.workers },
    { path: 'dns.tsig', what: (c) => c.dns.tsig ?? null },
    { path: 'http.listen', what: (c) => c.http.listen },
];
export function restartOnlyChanges(running, next) {
    return RESTART_ONLY.filter((r) => JSON.stringify(r.what(running)) !== JSON.stringify(r.what(next)))
        .map((r) => `${r.path} changed (needs a restart; the running value stays)`);
}
/** Every changed leaf, `path: old → new`, at most CONFIG_CHANGES_LISTED_MAX lines (then a count). */
export function describeConfigChanges(running, next) {
    const before = flatten(comparable(running));
    const after = flatten(comparable(next));
    const paths = [...new Set([...before.keys(), ...after.keys()])].sort();
    const lines = [];
    for (const path of paths) {
        const a = before.get(path);
        const b = after.get(path);
        if (a === b)
            continue;
        const secret = /tsig\.secret|tokens/.test(path);
        lines.push(secret ? `${path}: changed` : `${path}: ${a ?? '(absent)'} → ${b ?? '(absent)'}`);
    }
    if (lines.length <= CONFIG_CHANGES_LISTED_MAX)
        return lines;
    return [...lines.slice(0, CONFIG_CHANGES_LISTED_MAX), `... and ${lines.length - CONFIG_CHANGES_LISTED_MAX} more`];
}
/** The parts of a config that mean something to compare (not where it was loaded from). */
function comparable(config) {
    const { source: _source, ...rest } = config;
    return rest;
}
function flatten(value, prefix = '', into = new Map()) {
    if (Array.isArray(value)) {
        value.forEach((item, i) => flatten(item, `${prefix}[${keyOf(item) ?? i}]`, into));
        if (value.length === 0)
            into.set(prefix, '[]');
        return into;
    }
    if (typeof value === 'object' && value !== null) {
        for (const [key, item] of Object.entries(value))
            flatten(item, prefix === '' ? key : `${prefix}.${key}`, into);
        return into;
    }
    into.set(prefix, JSON.stringify(value));
    return into;
}
/** Lists of things with an id or a name are compared by it, so an insertion is one change, not a shift. */
function keyOf(item) {
    if (typeof item !== 'object' || item === null)
        return undefined;
    const record = item;
    const key = record['id'] ?? record['name'];
    return typeof key === 'string' ? key : undefined;
}
//# sourceMappingURL=config-changes.js.map