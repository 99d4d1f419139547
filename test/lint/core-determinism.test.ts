/**
 * The lint rule that keeps src/core/ deterministic (so the simulator runs the production code)
 * must keep working: each forbidden thing, written into a core file, is an error; the same
 * code outside core/ is not.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: new URL('../..', import.meta.url).pathname });

async function ruleIds(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

const FORBIDDEN_IN_CORE: { name: string; code: string; rule: string }[] = [
  { name: 'Date', code: 'export const now = Date.now();\n', rule: 'no-restricted-globals' },
  { name: 'new Date', code: 'export const now = new Date();\n', rule: 'no-restricted-globals' },
  { name: 'Math.random', code: 'export const r = Math.random();\n', rule: 'no-restricted-properties' },
  { name: 'setTimeout', code: 'setTimeout(() => undefined, 1);\n', rule: 'no-restricted-globals' },
  { name: 'setInterval', code: 'setInterval(() => undefined, 1);\n', rule: 'no-restricted-globals' },
  { name: 'performance.now', code: 'export const t = performance.now();\n', rule: 'no-restricted-globals' },
  { name: 'process', code: 'export const env = process.env;\n', rule: 'no-restricted-globals' },
  { name: 'node:fs', code: "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n", rule: 'no-restricted-imports' },
  { name: 'bare fs', code: "import { readFileSync } from 'fs';\nexport const f = readFileSync;\n", rule: 'no-restricted-imports' },
  { name: 'an adapter', code: "import { systemClock } from '../../adapters/clock-system/system-clock.js';\nexport const c = systemClock;\n", rule: 'no-restricted-imports' },
  { name: 'dynamic import', code: "export const m = import('./x.js');\n", rule: 'no-restricted-syntax' },
];

describe('lint: src/core/ is deterministic', () => {
  for (const c of FORBIDDEN_IN_CORE) {
    it(`rejects ${c.name} in src/core/`, async () => {
      expect(await ruleIds(c.code, 'src/core/planner/probe.ts')).toContain(c.rule);
    });
  }

  it('allows the same code outside core/', async () => {
    expect(await ruleIds('export const now = Date.now() + Math.random();\n', 'src/adapters/clock-system/probe.ts')).toEqual([]);
  });
});
