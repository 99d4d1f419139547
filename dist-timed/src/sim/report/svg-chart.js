/**
 * Colours for series told apart by anyone, colour-blind readers included (Okabe and Ito), with a
 * dash pattern each: endpoints that share a generation draw the same line, and only the pattern
 * shows there are several.
 */
export const SERIES_STYLES = [
    { color: '#0072b2', dash: '' },
    { color: '#d55e00', dash: '8 3' },
    { color: '#009e73', dash: '2 3' },
    { color: '#cc79a7', dash: '10 3 2 3' },
    { color: '#e69f00', dash: '4 4' },
    { color: '#56b4e9', dash: '12 4' },
    { color: '#000000', dash: '1 2' },
];
/** 0, 0.5, 12, 3.4k, 120k: the value's own scale, never `0k` for small numbers. */
export function compactCount(value) {
    const abs = Math.abs(value);
    if (abs >= 10_000)
        return `${Math.round(value / 1000)}k`;
    if (abs >= 1000)
        return `${(value / 1000).toFixed(1)}k`;
    return String(Math.round(value * 10) / 10);
}
const WIDTH = 1100;
const LEFT = 230;
const RIGHT = 20;
function x(axis, atMs) {
    const clamped = Math.min(axis.endMs, Math.max(axis.startMs, atMs));
    return LEFT + ((clamped - axis.startMs) / (axis.endMs - axis.startMs)) * (WIDTH - LEFT - RIGHT);
}
export function escapeXml(text) {
    return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
/** Grid lines from `topY` (under a chart's title and legend) down to the labels at `y`. */
function timeAxis(axis, y, topY = 10) {
    const parts = [];
    for (let t = axis.startMs; t <= axis.endMs; t += axis.tickEveryMs) {
        const px = x(axis, t).toFixed(1);
        parts.push(`<line x1="${px}" y1="${topY}" x2="${px}" y2="${y}" stroke="#ddd"/>`, `<text x="${px}" y="${y + 14}" font-size="10" text-anchor="middle">${escapeXml(axis.tickLabel(t))}</text>`);
    }
    return parts.join('');
}
export function swimlaneSvg(id, lanes, axis) {
    const laneHeight = 26;
    const height = 20 + lanes.length * laneHeight + 24;
    const body = lanes.map((lane, i) => {
        const y = 14 + i * laneHeight;
        const rects = lane.bands.map((b) => {
            const x1 = x(axis, Math.max(axis.startMs, b.fromMs));
            const x2 = x(axis, Math.min(axis.endMs, b.toMs));
            return `<rect class="band" x="${x1.toFixed(1)}" y="${y}" width="${Math.max(1, x2 - x1).toFixed(1)}" height="${laneHeight - 6}" fill="${b.color}"><title>${escapeXml(b.title)}</title></rect>`;
        }).join('');
        return `<text x="${LEFT - 8}" y="${y + 15}" font-size="12" text-anchor="end">${escapeXml(lane.label)}</text><rect x="${LEFT}" y="${y}" width="${WIDTH - LEFT - RIGHT}" height="${laneHeight - 6}" fill="#eef6ee"/>${rects}`;
    }).join('');
    return `<svg id="${id}" class="chart" xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}">${timeAxis(axis, height - 24)}${body}</svg>`;
}
/** Legend entries laid out left to right under the title, wrapping; never over the title or each other. */
function legendSvg(series, topY) {
    const rowHeight = 16;
    const charPx = 6.6;
    let xPx = 10;
    let row = 0;
    const items = series.map((s) => {
        const widthPx = 34 + s.label.length * charPx + 18;
        if (xPx + widthPx > WIDTH - RIGHT && xPx > 10) {
            row++;
            xPx = 10;
        }
        const y = topY + row * rowHeight;
        const item = `<g class="legend-item"><line x1="${xPx}" y1="${y + 5}" x2="${xPx + 28}" y2="${y + 5}" stroke="${s.color}" stroke-width="2.4"${s.dash === undefined || s.dash === '' ? '' : ` stroke-dasharray="${s.dash}"`}/><text x="${xPx + 34}" y="${y + 9}" font-size="11">${escapeXml(s.label)}</text></g>`;
        xPx += widthPx;
        return item;
    });
    return { svg: items.join(''), bottomY: topY + (row + 1) * rowHeight };
}
export function lineChartSvg(id, title, series, axis, yLabel) {
    const legend = legendSvg(series, 24);
    const top = legend.bottomY + 10;
    const height = top + 176;
    const bottom = height - 26;
    const maxValue = Math.max(1, ...series.flatMap((s) => s.points.map((p) => p[1])));
    const y = (v) => bottom - (v / maxValue) * (bottom - top);
    const lines = series.map((s) => {
        const d = s.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(axis, p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`).join('');
        const dash = s.dash === undefined || s.dash === '' ? '' : ` stroke-dasharray="${s.dash}"`;
        return `<path class="series" d="${d}" fill="none" stroke="${s.color}" stroke-width="1.8"${dash}><title>${escapeXml(s.label)}</title></path>`;
    }).join('');
    const yTicks = [0, 0.5, 1].map((f) => `<text x="${LEFT - 6}" y="${y(maxValue * f) + 4}" font-size="10" text-anchor="end">${escapeXml(yLabel(maxValue * f))}</text>`).join('');
    return `<svg id="${id}" class="chart" xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}"><text class="chart-title" x="10" y="16" font-size="12" font-weight="bold">${escapeXml(title)}</text>${legend.svg}${timeAxis(axis, bottom, top)}${yTicks}${lines}</svg>`;
}
/** Turns (time, value) change points into a step line sampled at the changes. */
export function stepPoints(changes, endMs) {
    const points = [];
    for (let i = 0; i < changes.length; i++) {
        const [t, v] = changes[i];
        if (i > 0)
            points.push([t, changes[i - 1][1]]);
        points.push([t, v]);
    }
    const last = changes[changes.length - 1];
    if (last !== undefined)
        points.push([endMs, last[1]]);
    return points;
}
//# sourceMappingURL=svg-chart.js.map