import type { ServerUnderTest } from './harness.js';
export function describeEnactorCases(_label: string, _sut: () => ServerUnderTest): void {}
