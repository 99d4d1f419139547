/**
 * The lint boundaries between top-level folders must keep working: each import below, written into
 * a file of that folder, is an error; what the folder may import is not.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: new URL('../..', import.meta.url).pathname });

async function restricted(code: string, filePath: string): Promise<boolean> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).some((m) => m.ruleId === 'no-restricted-imports');
}

const CASES: { folder: string; file: string; forbidden: string; allowed: string }[] = [
  { folder: 'dns-wire', file: 'src/dns-wire/probe.ts', forbidden: "import { assert } from '../core/model/assert.js';", allowed: "import { RRType } from './constants.js';" },
  { folder: 'dns-server', file: 'src/dns-server/probe.ts', forbidden: "import { Planner } from '../core/planner/planner.js';", allowed: "import { assert } from '../core/model/assert.js';" },
  { folder: 'dns-server (adapters)', file: 'src/dns-server/probe.ts', forbidden: "import { SqlitePlanStore } from '../adapters/store-sqlite/sqlite-plan-store.js';", allowed: "import { RRType } from '../dns-wire/index.js';" },
  { folder: 'sim', file: 'src/sim/world/probe.ts', forbidden: "import { MemoryPlanStore } from '../../adapters/store-memory/memory-plan-store.js';", allowed: "import { MemoryPlanStore } from '../../app/sim-support.js';" },
  { folder: 'cli', file: 'src/cli/probe.ts', forbidden: "import { SystemProber } from '../adapters/probe-system/system-prober.js';", allowed: "import { previewNextPlan } from '../app/plan-preview.js';" },
  { folder: 'adapters', file: 'src/adapters/dns-memory/probe.ts', forbidden: "import { startRuntime } from '../../app/runtime.js';", allowed: "import type { DnsProvider } from '../../core/ports/dns-provider.js';" },
];

describe('lint: folder boundaries', () => {
  for (const c of CASES) {
    it(`${c.folder}: rejects what it must not import, allows what it may`, async () => {
      expect(await restricted(`${c.forbidden}\nexport const x = 1;\n`, c.file)).toBe(true);
      expect(await restricted(`${c.allowed}\nexport const x = 1;\n`, c.file)).toBe(false);
    });
  }
});
