/**
 * The dashboard in a real headless Chromium against a real `dnsplane up` process running the demo
 * fleet's configuration with the demo load balancers (real HTTP servers, started here): the page
 * authenticates with the token given once in the URL fragment, shows the live answer per provider,
 * and follows a load balancer leaving the answer and returning; it keeps its last picture when
 * the process is gone.
 * Screenshots go to a temporary directory (printed) to be looked at.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemoFleet } from '../../src/app/demo-fleet.js';
import { demoConfigText } from '../../src/app/config/demo.js';
import { DnsplaneProcess, api, dig, sleep, type RuntimeEndpoints } from '../support/dnsplane-process.js';

const REGIONAL = 'api.us-east-1.example.test.';
const LB_A1 = '192.0.2.11';
/** The demo removes a stopped load balancer within a few seconds; the page polls every second. */
const CHANGE_SEEN_MS = 20_000;
/**
 * Velocity stays on, with a short window: a Planner removes nothing for one window after it starts
 * (it cannot know what left before), and the default window (5 min) would make this test wait it out.
 */
const SAFETY = 'safety: { velocity: { maxShare: 0.5, windowMs: 2000 } }';

describe('dashboard in Chromium on a running dnsplane up', () => {
  let dir: string;
  let shots: string;
  let up: { process: DnsplaneProcess; endpoints: RuntimeEndpoints };
  let fleet: DemoFleet;
  let browser: Browser;
  let page: Page;
  let base: string;
  let token: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dnsplane-dashboard-'));
    shots = join(dir, 'screenshots');
    mkdirSync(shots);
    fleet = await DemoFleet.start(['lb-a1', 'lb-a2', 'lb-b1', 'lb-b2'], [0, 0, 0, 0]);
    const config = join(dir, 'dnsplane.yaml');
    writeFileSync(config, `${demoConfigText({ dataDir: join(dir, 'data'), lbPorts: fleet.ports(), dnsListen: '127.0.0.1:0', httpListen: '127.0.0.1:0' })}${SAFETY}\n`);
    up = await DnsplaneProcess.upWithConfig(join(dir, 'data'), config);
    base = `http://${up.endpoints.http.host}:${up.endpoints.http.port}`;
    token = readFileSync(up.endpoints.apiTokenFile!, 'utf8').trim();
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
    page = await browser.newPage({ viewport: { width: 1280, height: 1300 } });
    process.stdout.write(`dashboard screenshots: ${shots}\n`);
  });
  afterAll(async () => {
    await browser?.close();
    if (up.process.child.exitCode === null) {
      up.process.kill('SIGTERM');
      await up.process.exited;
    }
    await fleet?.close();
    if (process.env['KEEP_SCREENSHOTS'] === undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('without a token the page asks for one; a wrong token is refused and asked again', async () => {
    const fresh = await browser.newPage();
    await fresh.goto(`${base}/`);
    await fresh.waitForSelector('#login:not([hidden])', { timeout: 10_000 });
    await fresh.fill('#token', 'not-the-token');
    await fresh.click('#login button');
    await fresh.waitForSelector('#login-error:has-text("401")', { timeout: 10_000 });
    await fresh.fill('#token', token);
    await fresh.click('#login button');
    await fresh.waitForSelector(`[data-endpoint="${REGIONAL}"] .address`, { timeout: 10_000 });
    await fresh.close();
  });

  it('takes the token once from the URL fragment, drops it from the address, and shows the live answer', async () => {
    await page.goto(`${base}/#token=${token}`);
    await page.waitForSelector(`[data-endpoint="${REGIONAL}"] .address`, { timeout: 10_000 });
    expect(page.url()).toBe(`${base}/`);
    expect(await addressesOnPage(page, REGIONAL)).toContain(LB_A1);
    expect(await page.locator('.alarm').first().getAttribute('data-kind')).toBe('none');
    expect(await page.locator('[data-zone]').count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator('#generations polyline').count()).toBeGreaterThanOrEqual(2);
    await page.screenshot({ path: join(shots, '1-all-serving.png'), fullPage: true });
  });

  it('a stopped load balancer leaves the answer on the page, and returns when started', async () => {
    await sleep(2000); // past the Planner's warm-up (one velocity window)
    const before = await generationOnPage(page, REGIONAL);
    await fleet.stop('lb-a1');
    await waitForAddress(page, REGIONAL, LB_A1, false);
    expect(await addressesOnPage(page, REGIONAL)).not.toContain(LB_A1);
    expect(await page.locator('[data-lb="lb-a1"]').getAttribute('data-healthy')).toBe('false');
    expect(await generationOnPage(page, REGIONAL)).toBeGreaterThan(before);
    // What the page shows is what DNS answers.
    expect(await dig(up.endpoints.dns, REGIONAL, 'A')).not.toContain(LB_A1);
    await page.screenshot({ path: join(shots, '2-lb-a1-stopped.png'), fullPage: true });

    await fleet.start('lb-a1');
    await waitForAddress(page, REGIONAL, LB_A1, true);
    expect(await addressesOnPage(page, REGIONAL)).toContain(LB_A1);
    expect(await page.locator('[data-lb="lb-a1"]').getAttribute('data-healthy')).toBe('true');
    expect(await page.locator('.decision[data-kind="health.transition"]').count()).toBeGreaterThanOrEqual(2);
    await page.screenshot({ path: join(shots, '3-lb-a1-back.png'), fullPage: true });
  }, 2 * CHANGE_SEEN_MS + 10_000);

  it('a freeze is an alarm on the page, with who froze it, until it is lifted', async () => {
    await api(up.endpoints, '/controls', 'POST', { kind: 'freeze', reason: 'dashboard test: investigating' });
    await page.waitForSelector('.alarm[data-kind="frozen"]', { timeout: CHANGE_SEEN_MS });
    expect(await page.locator('.alarm[data-kind="frozen"]').textContent()).toMatch(/frozen: every endpoint.*dashboard test: investigating/);
    await page.screenshot({ path: join(shots, '4-frozen.png'), fullPage: true });
    await api(up.endpoints, '/controls/remove', 'POST', { kind: 'freeze' });
    await page.waitForSelector('.alarm[data-kind="none"]', { timeout: CHANGE_SEEN_MS });
  });

  it('when the process is gone, the page keeps its last picture and says the API is not answering', async () => {
    up.process.kill('SIGTERM');
    await up.process.exited;
    await page.waitForSelector('#connection[data-state="down"]', { timeout: 10_000 });
    await page.waitForSelector('.alarm[data-kind="api-down"]', { timeout: 5_000 });
    expect(await addressesOnPage(page, REGIONAL)).toContain(LB_A1);
    await page.screenshot({ path: join(shots, '5-api-gone.png'), fullPage: true });
  });
});

describe('dashboard with a DNS provider down', () => {
  let dir: string;
  let up: { process: DnsplaneProcess; endpoints: RuntimeEndpoints };
  let fleet: DemoFleet;
  let browser: Browser;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dnsplane-dashboard-down-'));
    fleet = await DemoFleet.start(['lb-a1', 'lb-a2', 'lb-b1', 'lb-b2'], [0, 0, 0, 0]);
    // An RFC 2136 target nobody listens on: a port taken and released, so it refuses.
    const deadPort = await freePort();
    process.env['DASHBOARD_TEST_TSIG'] = Buffer.alloc(32, 7).toString('base64');
    const providers = [
      'providers:',
      '  - { id: embedded, type: embedded }',
      `  - { id: bind-down, type: rfc2136, server: "127.0.0.1:${deadPort}", timeoutMs: 300, tsig: { name: dnsplane-key, algorithm: hmac-sha256, secretEnv: DASHBOARD_TEST_TSIG } }`,
    ].join('\n');
    const config = join(dir, 'dnsplane.yaml');
    writeFileSync(config, `${demoConfigText({ dataDir: join(dir, 'data'), lbPorts: fleet.ports(), dnsListen: '127.0.0.1:0', httpListen: '127.0.0.1:0' })}${SAFETY}\n${providers}\n`);
    up = await DnsplaneProcess.upWithConfig(join(dir, 'data'), config);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  });
  afterAll(async () => {
    await browser?.close();
    up.process.kill('SIGTERM');
    await up.process.exited;
    await fleet?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('raises the provider-down alarm and still shows the answer of the provider that is up', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1100 } });
    const token = readFileSync(up.endpoints.apiTokenFile!, 'utf8').trim();
    await page.goto(`http://${up.endpoints.http.host}:${up.endpoints.http.port}/#token=${token}`);
    await page.waitForSelector('.alarm[data-kind="provider-down"]', { timeout: CHANGE_SEEN_MS });
    expect(await page.locator('.alarm[data-kind="provider-down"]').first().textContent()).toContain('bind-down');
    await waitForAddress(page, REGIONAL, LB_A1, true);
    expect(await page.locator(`[data-endpoint="${REGIONAL}"] td[data-provider="embedded"] .address`).allTextContents()).toContain(LB_A1);
    if (process.env['KEEP_SCREENSHOTS'] !== undefined) await page.screenshot({ path: join(tmpdir(), 'dnsplane-dashboard-provider-down.png'), fullPage: true });
  });
});

describe('dashboard with the Planner, then the plan store, out of action', () => {
  let dir: string;
  let up: { process: DnsplaneProcess; endpoints: RuntimeEndpoints };
  let fleet: DemoFleet;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dnsplane-dashboard-planner-'));
    fleet = await DemoFleet.start(['lb-a1', 'lb-a2', 'lb-b1', 'lb-b2'], [0, 0, 0, 0]);
    const config = join(dir, 'dnsplane.yaml');
    writeFileSync(config, `${demoConfigText({ dataDir: join(dir, 'data'), lbPorts: fleet.ports(), dnsListen: '127.0.0.1:0', httpListen: '127.0.0.1:0' })}${SAFETY}\n`);
    up = await DnsplaneProcess.upWithConfig(join(dir, 'data'), config);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
    page = await browser.newPage({ viewport: { width: 1280, height: 1300 } });
    const token = readFileSync(up.endpoints.apiTokenFile!, 'utf8').trim();
    await page.goto(`http://${up.endpoints.http.host}:${up.endpoints.http.port}/#token=${token}`);
    await waitForAddress(page, REGIONAL, LB_A1, true);
  });
  afterAll(async () => {
    await browser?.close();
    up.process.kill('SIGTERM');
    await up.process.exited;
    await fleet?.close();
    if (process.env['KEEP_SCREENSHOTS'] === undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('with the Planner fenced out (its lease taken by another), the page keeps following health and what DNS answers', async () => {
    expect(await addressesOnPage(page, REGIONAL)).toContain(LB_A1);
    // Another Planner takes the lease in the store for an hour: this one plans nothing from now on.
    const store = new Database(join(dir, 'data', 'plans.db'));
    try {
      store.prepare("UPDATE planner_lease SET holder = 'planner@elsewhere', token = token + 1, ttl_ms = 3600000, expires_at_ms = ? WHERE id = 1").run(Date.now() + 3_600_000);
    } finally {
      store.close();
    }
    await sleep(2000); // past any plan already on its way
    await fleet.stop('lb-a1');
    await page.waitForSelector('[data-lb="lb-a1"][data-healthy="false"]', { timeout: CHANGE_SEEN_MS });
    await sleep(3000);
    // Nobody plans: DNS still answers lb-a1, and the page says so, live.
    expect(await dig(up.endpoints.dns, REGIONAL, 'A')).toContain(LB_A1);
    expect(await addressesOnPage(page, REGIONAL)).toContain(LB_A1);
    expect(await page.locator('#connection').getAttribute('data-state')).toBe('live');
    expect(await page.locator('.alarm[data-kind="planner"]').textContent()).toMatch(/Planner on standby.*planner@elsewhere/);
    if (process.env['KEEP_SCREENSHOTS'] !== undefined) await page.screenshot({ path: join(dir, 'planner-fenced-out.png'), fullPage: true });
    await fleet.start('lb-a1');
    await page.waitForSelector('[data-lb="lb-a1"][data-healthy="true"]', { timeout: CHANGE_SEEN_MS });
    // The other Planner lets go: this one takes the lease again and the warning clears.
    const release = new Database(join(dir, 'data', 'plans.db'));
    try {
      release.prepare("UPDATE planner_lease SET holder = '', expires_at_ms = 0 WHERE id = 1").run();
    } finally {
      release.close();
    }
    await page.waitForSelector('.alarm[data-kind="none"]', { timeout: CHANGE_SEEN_MS });
  }, 3 * CHANGE_SEEN_MS);

  it('with the plan store unreadable, the page raises the alarm and keeps showing live answers and health; repaired, the alarm clears', async () => {
    const store = new Database(join(dir, 'data', 'plans.db'));
    try {
      // A damaged store (its plans table gone) answers every read with a failure until repaired.
      store.exec('ALTER TABLE plans RENAME TO plans_away');
      await page.waitForSelector('.alarm[data-kind="store-unavailable"]', { timeout: CHANGE_SEEN_MS });
      expect(await addressesOnPage(page, REGIONAL)).toContain(LB_A1);
      expect(await page.locator('[data-lb]').count()).toBe(4);
      expect(await page.locator('.decision').count()).toBeGreaterThan(0);
      if (process.env['KEEP_SCREENSHOTS'] !== undefined) await page.screenshot({ path: join(dir, 'store-unavailable.png'), fullPage: true });
    } finally {
      store.exec('ALTER TABLE plans_away RENAME TO plans');
      store.close();
    }
    await page.waitForSelector('.alarm[data-kind="none"]', { timeout: CHANGE_SEEN_MS });
  }, 3 * CHANGE_SEEN_MS);
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Until the page shows (or no longer shows) the address for the name, bounded; the caller's expect reports a timeout. */
async function waitForAddress(page: Page, endpoint: string, address: string, present: boolean): Promise<void> {
  // Polled from here: the page's Content-Security-Policy forbids evaluating strings inside it.
  const deadline = Date.now() + CHANGE_SEEN_MS;
  while (Date.now() < deadline) {
    if ((await addressesOnPage(page, endpoint)).includes(address) === present) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function addressesOnPage(page: Page, endpoint: string): Promise<string[]> {
  return page.locator(`[data-endpoint="${endpoint}"] .address`).allTextContents();
}

async function generationOnPage(page: Page, endpoint: string): Promise<number> {
  return Number(await page.locator(`[data-endpoint="${endpoint}"] td[data-generation]`).first().getAttribute('data-generation'));
}
