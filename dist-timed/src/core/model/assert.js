/**
 * Assertions for invariants in production code. A failed assertion is a bug: it throws
 * AssertionFailure, which nothing in dnsplane catches except to crash loudly. Expected failures
 * (a lost compare-and-swap, an unreachable store) are typed results, never assertions.
 */
export class AssertionFailure extends Error {
    name = 'AssertionFailure';
}
export function assert(condition, message) {
    if (!condition)
        throw new AssertionFailure(message);
}
export function assertNever(value, context) {
    throw new AssertionFailure(`unexpected ${context}: ${JSON.stringify(value)}`);
}
//# sourceMappingURL=assert.js.map