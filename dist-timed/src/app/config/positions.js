/**
 * Maps a field path (['loadBalancers', 2, 'ipv4']) to its line and column in the YAML source, so
 * every config error points at the text an operator has to change.
 */
import { isMap, isScalar, isSeq } from 'yaml';
/**
 * `at: 'key'` points at the key of the last segment (for an unknown key), `'value'` at its value.
 * A path that does not exist in the document (a missing field) resolves to the deepest node that
 * does: the mapping the field is missing from.
 */
export function locate(doc, counter, path, at) {
    let node = doc.contents;
    let offset = rangeStart(node) ?? 0;
    for (const [index, segment] of path.entries()) {
        const isLast = index === path.length - 1;
        if (isMap(node)) {
            const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
            if (pair === undefined)
                break;
            const keyOffset = rangeStart(pair.key) ?? offset;
            if (isLast && at === 'key')
                return position(counter, keyOffset);
            // An empty value (`ipv6:`) has no node of its own: point at its key.
            node = pair.value;
            offset = rangeStart(node) ?? keyOffset;
            continue;
        }
        if (isSeq(node) && typeof segment === 'number') {
            const item = node.items[segment];
            if (item === undefined)
                break;
            node = item;
            offset = rangeStart(node) ?? offset;
            continue;
        }
        break;
    }
    return position(counter, offset);
}
function rangeStart(node) {
    if (typeof node !== 'object' || node === null || !('range' in node))
        return undefined;
    const range = node.range;
    return range?.[0] ?? undefined;
}
export function position(counter, offset) {
    const { line, col } = counter.linePos(offset);
    return { line, column: col };
}
//# sourceMappingURL=positions.js.map