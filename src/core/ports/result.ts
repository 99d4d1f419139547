/**
 * Expected failures are data. A port returns `Ok<T>` or `Failure`; a Failure says whether
 * retrying can help (`retryable`) so callers never guess from message text.
 */
export interface Ok<T> { readonly ok: true; readonly value: T }
export interface Failure {
  readonly ok: false;
  /** A short machine-readable reason: 'unavailable', 'timeout', 'config', 'exists', ... */
  readonly code: string;
  readonly message: string;
  readonly retryable: boolean;
}
export type Result<T> = Ok<T> | Failure;

export function ok<T>(value: T): Ok<T> {
  return { ok: true, value };
}

export function failure(code: string, message: string, retryable: boolean): Failure {
  return { ok: false, code, message, retryable };
}
