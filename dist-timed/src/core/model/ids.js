/**
 * Branded identifiers. A plain number or string cannot be passed where a Generation or an
 * EndpointName is expected without going through one of the constructors below, which assert
 * the value's shape once at the boundary.
 */
import { assert } from './assert.js';
/** Generations are positive integers; 0 means "nothing live yet" and is never stored. */
export function generation(value) {
    assert(Number.isSafeInteger(value) && value >= 0, `generation must be a non-negative integer, got ${value}`);
    return value;
}
export const NO_GENERATION = generation(0);
/** Endpoint names are absolute, lower-case DNS names with a trailing dot. */
export function endpointName(value) {
    const name = value.toLowerCase();
    assert(name.endsWith('.'), `endpoint name must be absolute (end with '.'), got '${value}'`);
    return name;
}
export function enactorId(value) {
    assert(/^[A-Za-z0-9._-]{1,63}$/.test(value), `enactor id must be 1-63 of [A-Za-z0-9._-], got '${value}'`);
    return value;
}
export function loadBalancerId(value) {
    assert(value.length > 0, 'load balancer id must not be empty');
    return value;
}
export function providerId(value) {
    assert(/^[A-Za-z0-9._-]{1,63}$/.test(value), `provider id must be 1-63 of [A-Za-z0-9._-], got '${value}'`);
    return value;
}
//# sourceMappingURL=ids.js.map