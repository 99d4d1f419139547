/** Terminal output: plain-text tables, ISO timestamps with human durations, JSON. */
export function table(headers, rows) {
    const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
    const line = (cells) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd();
    return [line(headers), ...rows.map(line)].join('\n');
}
/** 850 ms, 12.3 s, 4m 05s, 2h 10m, 3d 4h. */
export function humanDuration(ms) {
    const abs = Math.abs(ms);
    if (abs < 1000)
        return `${Math.round(abs)} ms`;
    if (abs < 60_000)
        return `${(abs / 1000).toFixed(1)} s`;
    const s = Math.floor(abs / 1000);
    if (s < 3600)
        return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
    if (s < 86_400)
        return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
    return `${Math.floor(s / 86_400)}d ${Math.floor((s % 86_400) / 3600)}h`;
}
/** `2026-12-01T21:40:00.000Z (3m 12s ago)`. */
export function isoWithAge(atMs, nowMs = Date.now()) {
    const delta = nowMs - atMs;
    return `${new Date(atMs).toISOString()} (${delta >= 0 ? `${humanDuration(delta)} ago` : `in ${humanDuration(-delta)}`})`;
}
export function writeJson(value) {
    process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
//# sourceMappingURL=output.js.map