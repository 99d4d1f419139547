import { mkdtempSync, readFileSync, rmSync, statSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { runSimCommand } from '../../src/cli/sim-commands.js';

const dir = mkdtempSync(join(tmpdir(), 'dnsplane-sim-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(args: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const spy = vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => { lines.push(parts.map(String).join(' ')); });
  try {
    const code = await runSimCommand(args);
    return { code, out: lines.join('\n') };
  } finally {
    spy.mockRestore();
  }
}

describe('dnsplane sim CLI', () => {
  it('replay --json prints the promised fields and writes the HTML report', async () => {
    const report = join(dir, 'legacy.html');
    const { code, out } = await cli(['sim', 'replay', 'incident-2025-10-20', '--protocol', 'legacy', '--mitigations', 'none', '--json', '--report', report]);
    expect(code).toBe(0);
    const json = JSON.parse(out) as Record<string, unknown>;
    for (const key of ['protocol', 'seed', 'violations', 'emptyAnswerMs', 'converged', 'phases', 'impactMs']) expect(json).toHaveProperty(key);
    expect((json.violations as { invariant: string }[]).some((v) => v.invariant === 'NeverEmpty')).toBe(true);
    expect(json.emptyAnswerMs as number).toBeGreaterThan(2 * 3_600_000);
    expect(statSync(report).size).toBeGreaterThan(5_000);
    expect(readFileSync(report, 'utf8')).not.toMatch(/<script|(src|href)="https?:/);
  });

  it('explore prints failing seeds with a reproduction command; run reproduces one', async () => {
    const explored = await cli(['sim', 'explore', '--protocol', 'legacy', '--seeds', '20']);
    expect(explored.code).toBe(1);
    const seed = /--seed (\d+)/.exec(explored.out)?.[1];
    expect(seed).toBeDefined();
    const run = await cli(['sim', 'run', '--seed', seed!, '--protocol', 'legacy', '--json']);
    expect(run.code).toBe(1);
    expect((JSON.parse(run.out) as { violations: unknown[] }).violations.length).toBeGreaterThan(0);
    const fenced = await cli(['sim', 'explore', '--protocol', 'fenced', '--seeds', '20', '--json']);
    expect(fenced.code).toBe(0);
    expect((JSON.parse(fenced.out) as { violations: unknown[] }).violations).toEqual([]);
  });

  it('rejects bad usage with exit code 2', async () => {
    expect((await cli(['sim', 'replay', 'incident-2025-10-20', '--protocol', 'paxos'])).code).toBe(2);
    expect((await cli(['sim', 'replay', 'incident-2025-10-20', '--protocol', 'fenced', '--mitigations', 'prayer'])).code).toBe(2);
    expect((await cli(['sim', 'frobnicate'])).code).toBe(2);
  });

  it('the report page renders its charts in headless Chromium', async () => {
    const report = join(dir, 'page.html');
    await cli(['sim', 'replay', 'incident-2025-10-20', '--protocol', 'legacy', '--report', report]);
    const userDataDir = mkdtempSync(join(tmpdir(), 'dnsplane-chromium-'));
    const browser = await chromium.launchPersistentContext(userDataDir, {
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await browser.newPage();
      await page.setViewportSize({ width: 1200, height: 900 });
      await page.goto(`file://${report}`);
      for (const id of ['chart-availability', 'chart-queues', 'chart-empty', 'chart-generations']) {
        const box = await page.locator(`#${id}`).boundingBox();
        expect(box?.width ?? 0, id).toBeGreaterThan(500);
      }
      const bands = await page.locator('#chart-availability rect.band').count();
      expect(bands).toBeGreaterThan(3);
      const bandWidth = await page.locator('#chart-availability rect.band').first().evaluate((el) => (el as unknown as { getBBox(): { width: number } }).getBBox().width);
      expect(bandWidth).toBeGreaterThan(0);
      expect(await page.locator('#chart-queues path.series').count()).toBe(3);
      const shot = join(dir, 'report.png');
      await page.screenshot({ path: shot, fullPage: true });
      expect(statSync(shot).size).toBeGreaterThan(20_000);
      copyFileSync(shot, join(tmpdir(), 'dnsplane-sim-report.png'));
    } finally {
      await browser.close();
      rmSync(userDataDir, { recursive: true, force: true });
    }
  });
});
