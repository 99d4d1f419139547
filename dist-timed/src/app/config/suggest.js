/**
 * "Did you mean ...?" for unknown keys: the keys allowed at a path come from the generated JSON
 * Schema (so they cannot disagree with the validator), the closest one is offered when it is close.
 */
import { configJsonSchema } from './json-schema.js';
let rootSchema;
/** The allowed keys of the mapping at `path` (['loadBalancers', 0]), or [] when it is not a mapping. */
export function allowedKeysAt(path) {
    rootSchema ??= configJsonSchema();
    let node = rootSchema;
    for (const segment of path) {
        node = typeof segment === 'number' ? node?.items : node?.properties?.[String(segment)];
        if (node === undefined)
            return [];
    }
    return Object.keys(node.properties ?? {});
}
/** The allowed key an operator most likely meant by `key`, if one is close enough to suggest. */
export function closestKey(key, allowed) {
    const folded = fold(key);
    const exactFold = allowed.find((candidate) => fold(candidate) === folded);
    if (exactFold !== undefined)
        return exactFold;
    let best;
    for (const candidate of allowed) {
        const distance = editDistance(folded, fold(candidate));
        if (best === undefined || distance < best.distance)
            best = { key: candidate, distance };
    }
    // Two edits in a long key is a typo; two edits in a three-letter key is a different word.
    const distanceMax = folded.length <= 4 ? 1 : 2;
    return best !== undefined && best.distance <= distanceMax ? best.key : undefined;
}
/** `interval_ms`, `Interval-Ms` and `intervalMs` are the same key to a human. */
function fold(key) {
    return key.toLowerCase().replace(/[-_\s]/g, '');
}
/** Levenshtein distance; keys are short, so the O(n·m) table is fine. */
function editDistance(a, b) {
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const current = [i];
        for (let j = 1; j <= b.length; j++) {
            const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
            current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
        }
        previous = current;
    }
    return previous[b.length];
}
//# sourceMappingURL=suggest.js.map