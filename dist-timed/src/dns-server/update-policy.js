/**
 * Who may write what, per TSIG key, in the spirit of BIND's `update-policy`. The fenced protocol
 * is only as strong as this: with one key for everyone, any holder could rewrite a fence or
 * empty a managed name. So:
 *
 *   grant        may change                                        may not
 *   'managed'    the managed names and every `_dnsplane.*` name    anything else (the Enactors' key)
 *   'unmanaged'  every other name in the zone                      managed names, `_dnsplane.*` (operators)
 *
 * A signed UPDATE whose key has no grant, or that touches one name its grant does not cover, is
 * refused as a whole (REFUSED) and nothing changes. Prerequisites only read, so they are not checked.
 */
import { canonicalName } from '../dns-wire/index.js';
/** The label that starts every fence name (core/model/fence.ts). */
const FENCE_PREFIX = '_dnsplane.';
export function compileUpdatePolicy(policy) {
    const grants = new Map();
    for (const [key, grant] of policy.grants)
        grants.set(keyName(key), grant);
    let managed = new Set([...policy.managedNames].map(canonicalName));
    const isManaged = (name) => managed.has(name) || name.startsWith(FENCE_PREFIX);
    return {
        manage(names) {
            managed = new Set([...names].map(canonicalName));
        },
        refusal(keyNameGiven, updates) {
            const key = keyName(keyNameGiven);
            const grant = grants.get(key);
            if (grant === undefined)
                return `key ${key} may not update this zone (no grant in the update policy)`;
            for (const rr of updates) {
                const name = canonicalName(rr.name);
                if (isManaged(name) !== (grant === 'managed')) {
                    return grant === 'managed'
                        ? `key ${key} may change only managed names and _dnsplane.* names, not ${name}`
                        : `key ${key} may not change ${name}: managed names and their fences belong to the Enactors' key`;
                }
            }
            return null;
        },
    };
}
/** Key names compare absolute and lower case: 'xfr-key' is 'xfr-key.'. */
function keyName(name) {
    return canonicalName(name.endsWith('.') ? name : `${name}.`);
}
//# sourceMappingURL=update-policy.js.map