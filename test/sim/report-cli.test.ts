import { mkdtempSync, readFileSync, rmSync, statSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
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

  it('replay --compare: legacy against fenced on one page, legends clear of titles and of each other, lines told apart, no 0k axis', async () => {
    const report = join(dir, 'compare.html');
    const { code, out } = await cli(['sim', 'replay', 'incident-2025-10-20', '--compare', '--mitigations', 'none', '--json', '--report', report]);
    expect(code).toBe(0);
    const json = JSON.parse(out) as { legacy: { emptyAnswerMs: number; protocol: string }; fenced: { emptyAnswerMs: number; violations: unknown[] } };
    expect(json.legacy.emptyAnswerMs).toBeGreaterThan(2 * 3_600_000);
    expect(json.fenced.emptyAnswerMs).toBe(0);
    expect(json.fenced.violations).toEqual([]);
    const fencedReport = join(dir, 'fenced.html');
    expect((await cli(['sim', 'replay', 'incident-2025-10-20', '--protocol', 'fenced', '--report', fencedReport])).code).toBe(0);
    // Nothing queues in the fenced run: the axis reads 0, 0.5, 1 — not `0k 0k 0k`.
    expect(readFileSync(fencedReport, 'utf8')).not.toContain('>0k<');
    const userDataDir = mkdtempSync(join(tmpdir(), 'dnsplane-chromium-'));
    const browser = await chromium.launchPersistentContext(userDataDir, {
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await browser.newPage();
      await page.setViewportSize({ width: 1200, height: 900 });
      await page.goto(`file://${report}`);
      const rows = await page.locator('#comparison tr[data-protocol]').allTextContents();
      expect(rows).toHaveLength(2);
      expect(rows[0]).toMatch(/^legacy/);
      expect(rows[1]).toMatch(/^fenced0h00m0 \(none\)true/);
      for (const id of ['chart-empty-legacy', 'chart-generations-legacy', 'chart-empty-fenced', 'chart-generations-fenced']) {
        expect((await page.locator(`#${id}`).boundingBox())?.width ?? 0, id).toBeGreaterThan(500);
      }
      const legacyEmpty = await page.locator('#chart-empty-legacy rect.band').count();
      expect(legacyEmpty).toBeGreaterThan(0);
      expect(await page.locator('#chart-empty-fenced rect.band').count()).toBe(0);
      for (const id of ['chart-generations-legacy', 'chart-generations-fenced']) await expectLegendClear(page, id);
      // Each endpoint's line has its own colour and dash: overlapping lines stay distinguishable.
      const styles = await page.locator('#chart-generations-fenced path.series').evaluateAll((paths) => paths.map((p) => `${p.getAttribute('stroke') ?? ''} ${p.getAttribute('stroke-dasharray') ?? ''}`));
      expect(styles.length).toBeGreaterThanOrEqual(4);
      expect(new Set(styles).size).toBe(styles.length);
      await page.screenshot({ path: join(tmpdir(), 'dnsplane-sim-compare.png'), fullPage: true });
      await page.goto(`file://${fencedReport}`);
      for (const id of ['chart-queues', 'chart-generations']) await expectLegendClear(page, id);
    } finally {
      await browser.close();
      rmSync(userDataDir, { recursive: true, force: true });
    }
  }, 180_000);
});

type Box = { x: number; y: number; width: number; height: number };

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** The chart's title and its legend entries, as the browser lays them out: no two overlap. */
async function expectLegendClear(page: Page, id: string): Promise<void> {
  const boxes = [await page.locator(`#${id} .chart-title`).boundingBox(), ...await Promise.all((await page.locator(`#${id} .legend-item`).all()).map((item) => item.boundingBox()))];
  expect(boxes.length, id).toBeGreaterThan(2);
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) expect(overlaps(boxes[i]!, boxes[j]!), `${id}: item ${i} overlaps item ${j}`).toBe(false);
  }
}
