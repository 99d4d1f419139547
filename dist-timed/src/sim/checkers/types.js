export function liveKey(provider, endpoint) {
    return `${provider}|${endpoint}`;
}
//# sourceMappingURL=types.js.map