/** Names added, removed or with other records, sorted; both plans are sorted by name. */
export function changedBetween(before, after) {
    const changed = [];
    let i = 0;
    for (const endpoint of after.endpoints) {
        while (i < before.endpoints.length && before.endpoints[i].name < endpoint.name)
            changed.push(before.endpoints[i++].name);
        const old = before.endpoints[i];
        if (old !== undefined && old.name === endpoint.name) {
            i++;
            if (old === endpoint || old.digest === endpoint.digest)
                continue;
        }
        changed.push(endpoint.name);
    }
    for (; i < before.endpoints.length; i++)
        changed.push(before.endpoints[i].name);
    return changed;
}
//# sourceMappingURL=plan-changes.js.map