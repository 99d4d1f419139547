/**
 * Scenario time for the October 2025 incident: virtual 0 is Oct 19 23:00 PDT, so the published
 * timeline (PDT) maps to virtual milliseconds without time zones or dates in the simulation.
 */
export const SCENARIO_START_LABEL = '2025-10-19 23:00 PDT';
const MINUTE_MS = 60_000;
/** `pdt('23:48')` on Oct 19, `pdt('02:25', 1)` on Oct 20. */
export function pdt(hhmm, dayOffset = 0) {
    const [h, m] = hhmm.split(':').map(Number);
    return ((dayOffset * 24 + h - 23) * 60 + m) * MINUTE_MS;
}
/** Virtual ms → "Oct 20 02:25" (PDT). */
export function formatPdt(atMs) {
    const totalMinutes = Math.floor(atMs / MINUTE_MS) + 23 * 60;
    const day = 19 + Math.floor(totalMinutes / (24 * 60));
    const minutes = totalMinutes % (24 * 60);
    return `Oct ${day} ${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
export function formatDuration(ms) {
    const minutes = Math.round(ms / MINUTE_MS);
    return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}
//# sourceMappingURL=incident-time.js.map