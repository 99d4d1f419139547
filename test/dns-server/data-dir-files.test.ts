/** The data dir is private (0700, files 0600) and a symlink planted in it is refused, never written through. */
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RRType } from '../../src/dns-wire/index.js';
import { a, put, startTestServer, tempDir } from './helpers.js';

describe('data dir files', () => {
  const dirs: { remove(): void }[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) dir.remove();
  });

  it('creates the dir 0700 and every file 0600, whatever the umask', async () => {
    const dir = tempDir('dnsplane-files-');
    dirs.push(dir);
    const dataDir = join(dir.path, 'dns');
    const previous = process.umask(0o022);
    try {
      const dns = await startTestServer({ dataDir, compactAfterTransactions: 2 });
      for (let i = 0; i < 3; i++) put(dns, `m${i}.example.test.`, RRType.A, 60, [a('192.0.2.1')]);
      await dns.close();
    } finally {
      process.umask(previous);
    }
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    const files = readdirSync(dataDir);
    expect(files).toEqual(expect.arrayContaining(['zone.journal', 'zone.snapshot.json']));
    for (const file of files) expect({ file, mode: (statSync(join(dataDir, file)).mode & 0o777).toString(8) }).toEqual({ file, mode: '600' });
  });

  for (const planted of ['zone.journal', 'zone.snapshot.json.tmp', 'zone.lock']) {
    it(`refuses a symlink planted at ${planted} and leaves its target untouched`, async () => {
      const dir = tempDir('dnsplane-files-');
      dirs.push(dir);
      const dataDir = join(dir.path, 'dns');
      const target = join(dir.path, 'victim');
      writeFileSync(target, 'precious\n', { mode: 0o644 });
      // A first start makes the dir; then the attacker plants the link.
      const first = await startTestServer({ dataDir });
      await first.close();
      const link = join(dataDir, planted);
      rmSync(link, { force: true });
      symlinkSync(target, link);
      let started: Awaited<ReturnType<typeof startTestServer>> | null = null;
      let failure = '';
      try {
        started = await startTestServer({ dataDir, compactAfterTransactions: 1 });
        put(started, 'x.example.test.', RRType.A, 60, [a('192.0.2.2')]);
      } catch (error) {
        failure = String(error);
      } finally {
        await started?.close();
      }
      expect(readFileSync(target, 'utf8')).toBe('precious\n');
      expect(statSync(target).mode & 0o777).toBe(0o644);
      if (planted === 'zone.journal') expect(failure).toMatch(/symbolic link: refused/);
    });
  }
});
