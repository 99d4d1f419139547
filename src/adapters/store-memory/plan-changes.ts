/**
 * The names whose records differ between two plans, for the stores that keep whole plans (memory,
 * etcd) and so answer `changedSince` by comparing them. An endpoint object shared by both plans
 * (the Planner and the decoders carry unchanged ones over) costs one comparison.
 */
import type { EndpointName, Generation } from '../../core/model/ids.js';
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

/** The changed names of each consecutive pair, remembered by the later plan's object (plans are immutable). */
const stepChanges = new WeakMap<Plan, { readonly before: Plan; readonly changed: readonly EndpointName[] }>();

function changedStep(before: Plan, after: Plan): readonly EndpointName[] {
  const known = stepChanges.get(after);
  if (known !== undefined && known.before === before) return known.changed;
  const changed = changedBetween(before, after);
  stepChanges.set(after, { before, changed });
  return changed;
}

/**
 * For plans of consecutive generations (ascending, the first the `since` one): every name any
 * step changed, with the newest generation that changed it (PlanStore.lastChangesSince).
 */
export function lastChangesAcross(consecutive: readonly Plan[]): Map<EndpointName, Generation> {
  const changes = new Map<EndpointName, Generation>();
  for (let i = 1; i < consecutive.length; i++) {
    const after = consecutive[i]!;
    for (const name of changedStep(consecutive[i - 1]!, after)) changes.set(name, after.generation);
  }
  return changes;
}
