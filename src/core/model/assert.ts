/**
 * Assertions for invariants in production code. A failed assertion is a bug: it throws
 * AssertionFailure, which nothing in dnsplane catches except to crash loudly. Expected failures
 * (a lost compare-and-swap, an unreachable store) are typed results, never assertions.
 */
export class AssertionFailure extends Error {
  override readonly name = 'AssertionFailure';
}

export function assert(condition: boolean, message: string): asserts condition {
  if (!condition) throw new AssertionFailure(message);
}

export function assertNever(value: never, context: string): never {
  throw new AssertionFailure(`unexpected ${context}: ${JSON.stringify(value)}`);
}
