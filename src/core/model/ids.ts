/**
 * Branded identifiers. A plain number or string cannot be passed where a Generation or an
 * EndpointName is expected without going through one of the constructors below, which assert
 * the value's shape once at the boundary.
 */
import { assert } from './assert.js';

declare const brand: unique symbol;
type Brand<T, B extends string> = T & { readonly [brand]: B };

export type Generation = Brand<number, 'Generation'>;
export type EndpointName = Brand<string, 'EndpointName'>;
export type EnactorId = Brand<string, 'EnactorId'>;
export type LoadBalancerId = Brand<string, 'LoadBalancerId'>;
export type ProviderId = Brand<string, 'ProviderId'>;

/** Generations are positive integers; 0 means "nothing live yet" and is never stored. */
export function generation(value: number): Generation {
  assert(Number.isSafeInteger(value) && value >= 0, `generation must be a non-negative integer, got ${value}`);
  return value as Generation;
}

export const NO_GENERATION: Generation = generation(0);

/** Endpoint names are absolute, lower-case DNS names with a trailing dot. */
export function endpointName(value: string): EndpointName {
  const name = value.toLowerCase();
  assert(name.endsWith('.'), `endpoint name must be absolute (end with '.'), got '${value}'`);
  return name as EndpointName;
}

export function enactorId(value: string): EnactorId {
  assert(/^[A-Za-z0-9._-]{1,63}$/.test(value), `enactor id must be 1-63 of [A-Za-z0-9._-], got '${value}'`);
  return value as EnactorId;
}

export function loadBalancerId(value: string): LoadBalancerId {
  assert(value.length > 0, 'load balancer id must not be empty');
  return value as LoadBalancerId;
}

export function providerId(value: string): ProviderId {
  assert(/^[A-Za-z0-9._-]{1,63}$/.test(value), `provider id must be 1-63 of [A-Za-z0-9._-], got '${value}'`);
  return value as ProviderId;
}
