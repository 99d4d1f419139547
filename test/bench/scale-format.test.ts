/**
 * The scale bench's table survives a point whose changes were not all seen: a percentile of no
 * samples is NaN (null once it went through the point process's JSON), and `toFixed` on null
 * used to end the whole section with "Cannot read properties of null".
 */
import { describe, expect, it } from 'vitest';
import { formatMs, formatScale, type ScalePoint } from '../../bench/scale.js';

const POINT: ScalePoint = {
  endpoints: 1000, perEndpoint: 8, changes: 0, changesNotSeen: 40,
  changeToAnswerP50Ms: Number.NaN, changeToAnswerP99Ms: Number.NaN, changeToAnswerMaxMs: Number.NaN,
  initialPlanMs: 1, initialEnactMs: 1, memory: [], inProcessRssMiB: 100, upConvergedMs: 2000, upPeakRssMiB: 140,
};

describe('the scale table', () => {
  it('shows an unmeasured percentile as — and says how many changes were not seen', () => {
    expect(formatMs(Number.NaN)).toBe('—');
    expect(formatMs(null)).toBe('—');
    expect(formatMs(12.345)).toBe('12.3');
    const table = formatScale([{ kind: 'measured', point: POINT, wallMs: 1 }]);
    expect(table).toContain('— / — (40 not seen)');
  });
});
