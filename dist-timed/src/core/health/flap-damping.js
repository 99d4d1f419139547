/**
 * Flap damping: the state the Planner sees (the *published* state) follows the quorum verdict,
 * except for a load balancer that changes state too often. A verdict change is published at once
 * unless it is more than `flapTransitionsMax` changes within `holdDownMs`; then the load balancer
 * is *held*: its published state stays as it is until the verdict has been stable for a whole
 * `holdDownMs`, and only then follows it again.
 *
 *   verdict   ▔▔▁▁▔▔▁▁▔▔▁▁▔▔▔▔▔▔▔▔▔▔▔▔▔▔
 *   published ▔▔▁▁▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔▔   (flapTransitionsMax 2: the third change is held)
 *                   └─ held ───────┘└ released once stable for holdDownMs
 *
 * A single outage (down, then back) is two changes, so it is never held: a load balancer that
 * recovers returns at once. Pure: the monitor feeds it verdicts and the time.
 */
import { assert } from '../model/assert.js';
/** Defaults for callers that do not configure damping (the simulator's older scenarios). */
export const DEFAULT_FLAP_SETTINGS = { holdDownMs: 30_000, flapTransitionsMax: 3 };
/** A bound on remembered changes per load balancer, whatever the settings. */
const TRANSITIONS_REMEMBERED_MAX = 64;
export function initialDamped(nowMs) {
    return { verdict: true, published: true, verdictChangedAtMs: nowMs, publishedChangedAtMs: nowMs, transitionsAtMs: [], heldSinceMs: null };
}
export function applyVerdict(state, verdict, nowMs, settings) {
    assert(settings.flapTransitionsMax >= 1, 'flapTransitionsMax must be at least 1');
    if (verdict === state.verdict)
        return releaseIfStable(state, nowMs, settings);
    const transitionsAtMs = [...state.transitionsAtMs.filter((t) => nowMs - t < settings.holdDownMs), nowMs].slice(-TRANSITIONS_REMEMBERED_MAX);
    const changed = { ...state, verdict, verdictChangedAtMs: nowMs, transitionsAtMs };
    if (state.heldSinceMs !== null)
        return { state: changed, outcome: 'unchanged' };
    if (transitionsAtMs.length > settings.flapTransitionsMax) {
        return { state: { ...changed, heldSinceMs: nowMs }, outcome: 'held' };
    }
    return { state: { ...changed, published: verdict, publishedChangedAtMs: nowMs }, outcome: 'published' };
}
function releaseIfStable(state, nowMs, settings) {
    if (state.heldSinceMs === null || nowMs - state.verdictChangedAtMs < settings.holdDownMs)
        return { state, outcome: 'unchanged' };
    const published = state.verdict;
    return {
        state: {
            ...state, heldSinceMs: null, transitionsAtMs: [], published,
            publishedChangedAtMs: published === state.published ? state.publishedChangedAtMs : nowMs,
        },
        outcome: 'released',
    };
}
/** When a held load balancer will be released if its verdict does not change again. */
export function heldUntilMs(state, settings) {
    return state.heldSinceMs === null ? null : state.verdictChangedAtMs + settings.holdDownMs;
}
//# sourceMappingURL=flap-damping.js.map