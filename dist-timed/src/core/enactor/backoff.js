/**
 * Full-jitter exponential backoff: a uniform draw in [0, min(max, base * 2^(attempt-1))].
 * Jitter keeps three Enactors that lost the same race from colliding again in lockstep.
 */
export function backoffMs(attempt, settings, random) {
    const ceiling = Math.min(settings.backoffMaxMs, settings.backoffBaseMs * 2 ** Math.max(0, attempt - 1));
    return Math.floor(random.nextFloat() * ceiling);
}
//# sourceMappingURL=backoff.js.map