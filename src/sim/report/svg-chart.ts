/**
 * Minimal SVG charts for the self-contained report: a swimlane of availability bands and step line
 * charts. Strings only, no dependencies, so the page works offline in any browser.
 */
export interface Band {
  readonly fromMs: number;
  readonly toMs: number;
  readonly color: string;
  readonly title: string;
}

export interface Lane {
  readonly label: string;
  readonly bands: readonly Band[];
}

export interface Series {
  readonly label: string;
  readonly color: string;
  readonly points: readonly (readonly [number, number])[];
}

export interface Axis {
  readonly startMs: number;
  readonly endMs: number;
  readonly tickLabel: (atMs: number) => string;
  readonly tickEveryMs: number;
}

const WIDTH = 1100;
const LEFT = 230;
const RIGHT = 20;

function x(axis: Axis, atMs: number): number {
  const clamped = Math.min(axis.endMs, Math.max(axis.startMs, atMs));
  return LEFT + ((clamped - axis.startMs) / (axis.endMs - axis.startMs)) * (WIDTH - LEFT - RIGHT);
}


export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function timeAxis(axis: Axis, y: number): string {
  const parts: string[] = [];
  for (let t = axis.startMs; t <= axis.endMs; t += axis.tickEveryMs) {
    const px = x(axis, t).toFixed(1);
    parts.push(`<line x1="${px}" y1="10" x2="${px}" y2="${y}" stroke="#ddd"/>`, `<text x="${px}" y="${y + 14}" font-size="10" text-anchor="middle">${escapeXml(axis.tickLabel(t))}</text>`);
  }
  return parts.join('');
}

export function swimlaneSvg(id: string, lanes: readonly Lane[], axis: Axis): string {
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

export function lineChartSvg(id: string, title: string, series: readonly Series[], axis: Axis, yLabel: (v: number) => string): string {
  const height = 200;
  const top = 24;
  const bottom = height - 26;
  const maxValue = Math.max(1, ...series.flatMap((s) => s.points.map((p) => p[1])));
  const y = (v: number): number => bottom - (v / maxValue) * (bottom - top);
  const lines = series.map((s) => {
    const d = s.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(axis, p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`).join('');
    return `<path class="series" d="${d}" fill="none" stroke="${s.color}" stroke-width="1.6"><title>${escapeXml(s.label)}</title></path>`;
  }).join('');
  const legend = series.map((s, i) => `<rect x="${LEFT + i * 140}" y="4" width="10" height="10" fill="${s.color}"/><text x="${LEFT + 14 + i * 140}" y="13" font-size="11">${escapeXml(s.label)}</text>`).join('');
  const yTicks = [0, 0.5, 1].map((f) => `<text x="${LEFT - 6}" y="${y(maxValue * f) + 4}" font-size="10" text-anchor="end">${escapeXml(yLabel(maxValue * f))}</text>`).join('');
  return `<svg id="${id}" class="chart" xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}"><text x="10" y="14" font-size="12" font-weight="bold">${escapeXml(title)}</text>${timeAxis(axis, bottom)}${yTicks}${legend}${lines}</svg>`;
}

/** Turns (time, value) change points into a step line sampled at the changes. */
export function stepPoints(changes: readonly (readonly [number, number])[], endMs: number): [number, number][] {
  const points: [number, number][] = [];
  for (let i = 0; i < changes.length; i++) {
    const [t, v] = changes[i]!;
    if (i > 0) points.push([t, changes[i - 1]![1]]);
    points.push([t, v]);
  }
  const last = changes[changes.length - 1];
  if (last !== undefined) points.push([endMs, last[1]]);
  return points;
}
