/**
 * The replay report: one self-contained HTML page (inline SVG and CSS, no scripts, no network) and
 * the JSON with the same facts. Charts: availability per component, queue depths, and the live
 * generation of every endpoint with its empty answers.
 */
import { CASCADE_ASSUMPTIONS } from '../cascade/cascade-model.js';
import { formatDuration, formatPdt, pdt, SCENARIO_START_LABEL } from '../scenarios/incident-time.js';
import { compactCount, escapeXml, lineChartSvg, SERIES_STYLES, stepPoints, swimlaneSvg } from './svg-chart.js';
const RED = '#d64541';
const AMBER = '#f0a030';
/** The JSON report: the fields the CLI's --json promises, plus the cascade summary. */
export function replayJson(r) {
    return {
        scenario: r.scenario, protocol: r.protocol, seed: r.seed, mitigations: r.mitigations,
        violations: r.violations.map((v) => ({ invariant: v.invariant, endpoint: v.endpoint, atMs: v.atMs, seed: v.seed, detail: v.detail })),
        emptyAnswerMs: r.emptyAnswerMs, converged: r.converged, traceHash: r.traceHash,
        phases: r.phases.map((p) => ({ component: p.component, event: p.event, atMs: p.atMs, at: formatPdt(p.atMs) })),
        impactMs: r.impactMs,
        published: r.published,
        scenarioStart: SCENARIO_START_LABEL,
    };
}
function spans(samples, bad, color, title) {
    const bands = [];
    const stepMs = CASCADE_ASSUMPTIONS.stepMs.value;
    for (const s of samples) {
        if (!bad(s))
            continue;
        const last = bands[bands.length - 1];
        if (last !== undefined && last.toMs === s.atMs)
            bands[bands.length - 1] = { ...last, toMs: s.atMs + stepMs };
        else
            bands.push({ fromMs: s.atMs, toMs: s.atMs + stepMs, color, title });
    }
    return bands;
}
function windowBand(window, color, title) {
    return window === null ? [] : [{ fromMs: window[0], toMs: window[1], color, title: `${title}: ${formatPdt(window[0])} → ${formatPdt(window[1])}` }];
}
export function renderReplayHtml(r) {
    const axis = { startMs: 0, endMs: r.endMs, tickEveryMs: 3_600_000, tickLabel: (t) => formatPdt(t).slice(7) };
    const samples = r.cascade.samples;
    const lanes = [
        { label: 'database (client view)', bands: spans(samples, (s) => !s.databaseReachable, RED, 'database unreachable') },
        { label: 'lease manager', bands: spans(samples, (s) => s.leaseQueue > 0, AMBER, 'leases expired / re-establishing') },
        { label: 'compute launches (impact)', bands: windowBand(r.cascade.windows.compute, AMBER, 'launches impaired') },
        { label: 'network propagation', bands: spans(samples, (s) => s.propagationDelayMs > CASCADE_ASSUMPTIONS.normalDelayMs.value, AMBER, 'propagation delayed') },
        { label: 'load balancers (impact)', bands: windowBand(r.cascade.windows.loadBalancers, AMBER, 'load balancers impaired') },
        { label: 'load balancers (errors)', bands: spans(samples, (s) => s.nlbErrors, RED, 'connection errors') },
    ];
    const every = (n) => samples.filter((_, i) => i % n === 0);
    const queues = lineChartSvg('chart-queues', 'Queue depths', [
        { label: 'lease-manager queue (hosts)', ...SERIES_STYLES[0], points: every(6).map((s) => [s.atMs, s.leaseQueue]) },
        { label: 'pending launches', ...SERIES_STYLES[1], points: every(6).map((s) => [s.atMs, s.launchPending]) },
        { label: 'network propagation backlog', ...SERIES_STYLES[2], points: every(6).map((s) => [s.atMs, s.propagationBacklog]) },
    ], axis, compactCount);
    return page(r, [
        '<h2>Availability by component</h2>', swimlaneSvg('chart-availability', lanes, axis),
        '<h2>Queues</h2>', queues,
        '<h2>DNS: empty answers per endpoint</h2>', emptyChart(r, 'chart-empty'),
        '<h2>DNS: live generation</h2>', generationChart(r, 'chart-generations'),
    ].join('\n'));
}
const DNS_AXIS_START = '23:15';
function dnsAxisOf(endMs) {
    return { startMs: pdt(DNS_AXIS_START), endMs, tickEveryMs: 1_800_000, tickLabel: (t) => formatPdt(t).slice(7) };
}
function shortName(endpoint) {
    return endpoint.replace('.us-east-1.example.test.', '');
}
function emptyChart(r, id, endMs = r.dnsEndMs) {
    return swimlaneSvg(id, r.endpoints.map((endpoint) => ({ label: shortName(endpoint), bands: emptyBands(r, endpoint) })), dnsAxisOf(endMs));
}
function generationChart(r, id, endMs = r.dnsEndMs) {
    return lineChartSvg(id, `Live generation per endpoint (DNS, ${r.protocol})`, r.endpoints.map((endpoint, i) => ({
        label: shortName(endpoint),
        ...SERIES_STYLES[i % SERIES_STYLES.length],
        points: stepPoints(r.dnsTimeline.filter((o) => o.endpoint === endpoint).map((o) => [o.atMs, o.generation]), endMs),
    })), dnsAxisOf(endMs), (v) => `g${Math.round(v)}`);
}
/**
 * The legacy and the fenced protocol on the same incident, one page: the headline numbers side by
 * side, then each run's empty answers and live generations on the same time axis.
 */
export function renderComparisonHtml(legacy, fenced) {
    const endMs = Math.max(legacy.dnsEndMs, fenced.dnsEndMs);
    const row = (r) => {
        const invariants = [...new Set(r.violations.map((v) => v.invariant))].join(', ') || 'none';
        return `<tr data-protocol="${r.protocol}"><td><b>${r.protocol}</b></td><td>${formatDuration(r.emptyAnswerMs)}</td><td>${r.violations.length} (${escapeXml(invariants)})</td><td>${r.converged}</td>`
            + `${r.published.map((w) => `<td>${formatDuration(w.simulatedMs)}</td>`).join('')}<td>${r.traceHash.slice(0, 16)}</td></tr>`;
    };
    const impactHeads = legacy.published.map((w) => `<th>${escapeXml(w.component)} impact (published ${formatDuration(w.publishedMs)})</th>`).join('');
    const section = (r) => [
        `<h2>${r.protocol}: DNS empty answers per endpoint</h2>`, emptyChart(r, `chart-empty-${r.protocol}`, endMs),
        `<h2>${r.protocol}: live generation</h2>`, generationChart(r, `chart-generations-${r.protocol}`, endMs),
    ].join('\n');
    return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>dnsplane sim: ${escapeXml(legacy.scenario)}, legacy vs fenced</title>
<style>${STYLE}</style>
</head><body>
<h1>${escapeXml(legacy.scenario)} — legacy vs fenced, mitigations: ${escapeXml(legacy.mitigations.join(', ') || 'none')}, seed ${legacy.seed}</h1>
<p>The same incident, seed and mitigations, run with the legacy protocol and with the fenced one. Scenario time starts ${SCENARIO_START_LABEL}.</p>
<table id="comparison"><tr><th>protocol</th><th>empty-answer time</th><th>violations</th><th>converged</th>${impactHeads}<th>trace</th></tr>${row(legacy)}${row(fenced)}</table>
${section(legacy)}
${section(fenced)}
</body></html>
`;
}
const STYLE = 'body{font-family:system-ui,sans-serif;margin:20px;color:#222}table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ccc;padding:3px 8px;font-size:13px}h1{font-size:20px}h2{font-size:16px;margin-top:22px}.chart{display:block;border:1px solid #eee}';
function emptyBands(r, endpoint) {
    const bands = [];
    let since = null;
    for (const o of r.dnsTimeline) {
        if (o.endpoint !== endpoint)
            continue;
        if (o.addressCount === 0 && since === null)
            since = o.atMs;
        if (o.addressCount > 0 && since !== null) {
            bands.push({ fromMs: since, toMs: o.atMs, color: RED, title: `empty ${formatPdt(since)} → ${formatPdt(o.atMs)}` });
            since = null;
        }
    }
    if (since !== null)
        bands.push({ fromMs: since, toMs: r.dnsEndMs, color: RED, title: `empty from ${formatPdt(since)}` });
    return bands;
}
function page(r, charts) {
    const rows = r.published.map((w) => `<tr><td>${w.component}</td><td>${formatDuration(w.publishedMs)}</td><td>${formatDuration(w.simulatedMs)}</td><td>${(w.deviation * 100).toFixed(1)}%</td></tr>`).join('');
    const phases = r.phases.map((p) => `<tr><td>${formatPdt(p.atMs)}</td><td>${escapeXml(p.component)}</td><td>${escapeXml(p.event)}</td></tr>`).join('') || '<tr><td colspan="3">nothing happened downstream</td></tr>';
    const violations = r.violations.slice(0, 30).map((v) => `<tr><td>${formatPdt(v.atMs)}</td><td>${v.invariant}</td><td>${escapeXml(v.detail)}</td></tr>`).join('') || '<tr><td colspan="3">none</td></tr>';
    return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>dnsplane sim: ${escapeXml(r.scenario)} (${r.protocol})</title>
<style>${STYLE}</style>
</head><body>
<h1>${escapeXml(r.scenario)} — protocol <b>${r.protocol}</b>, mitigations: ${escapeXml(r.mitigations.join(', ') || 'none')}, seed ${r.seed}</h1>
<p>Scenario time starts ${SCENARIO_START_LABEL}. Empty-answer time: <b>${formatDuration(r.emptyAnswerMs)}</b>; violations: <b>${r.violations.length}</b>; converged: ${r.converged}; trace ${r.traceHash.slice(0, 16)}.</p>
<h2>Impact windows: published vs simulated</h2>
<table><tr><th>component</th><th>published</th><th>simulated</th><th>deviation</th></tr>${rows}</table>
${charts}
<h2>Phases</h2><table><tr><th>time (PDT)</th><th>component</th><th>event</th></tr>${phases}</table>
<h2>Violations (first 30)</h2><table><tr><th>time</th><th>invariant</th><th>detail</th></tr>${violations}</table>
</body></html>
`;
}
//# sourceMappingURL=replay-report.js.map