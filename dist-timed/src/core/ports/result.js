export function ok(value) {
    return { ok: true, value };
}
export function failure(code, message, retryable) {
    return { ok: false, code, message, retryable };
}
//# sourceMappingURL=result.js.map