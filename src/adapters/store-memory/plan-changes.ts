/**
 * The names whose records differ between two plans, for the stores that keep whole plans (memory,
 * etcd) and so answer `changedSince` by comparing them. An endpoint object shared by both plans
 * (the Planner and the decoders carry unchanged ones over) costs one comparison.
 */
import type { EndpointName } from '../../core/model/ids.js';
import type { Plan } from '../../core/model/plan.js';

/** Names added, removed or with other records, sorted; both plans are sorted by name. */
export function changedBetween(before: Plan, after: Plan): EndpointName[] {
  const changed: EndpointName[] = [];
  let i = 0;
  for (const endpoint of after.endpoints) {
    while (i < before.endpoints.length && before.endpoints[i]!.name < endpoint.name) changed.push(before.endpoints[i++]!.name);
    const old = before.endpoints[i];
    if (old !== undefined && old.name === endpoint.name) {
      i++;
      if (old === endpoint || old.digest === endpoint.digest) continue;
    }
    changed.push(endpoint.name);
  }
  for (; i < before.endpoints.length; i++) changed.push(before.endpoints[i]!.name);
  return changed;
}
