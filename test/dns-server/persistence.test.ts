/**
 * Static stability (issue 2, acceptance 5): a server killed with SIGKILL, restarted on the same
 * data dir, answers from the persisted zone at once — every acknowledged write included — before
 * anything else runs. The server runs in a child process so that the kill is real.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { RRType } from '../../src/dns-wire/index.js';
import { a, dig, put, queryAddresses, startTestServer, tempDir } from './helpers.js';

const VITE_NODE = join(process.cwd(), 'node_modules', '.bin', 'vite-node');
const CHILD = join(process.cwd(), 'test', 'dns-server', 'fixtures', 'serve-child.ts');

interface Child {
  readonly process: ChildProcess;
  readonly port: number;
  nextLine(): Promise<string>;
}

async function startChild(dataDir: string): Promise<Child> {
  const child = spawn(VITE_NODE, [CHILD, dataDir], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const nextLine = async (): Promise<string> => {
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('child did not answer in 20 s')), 20_000));
    const line = await Promise.race([lines.next(), timeout]);
    if (line.done) throw new Error('child exited');
    return line.value;
  };
  const first = await nextLine();
  const match = /^port (\d+)$/.exec(first);
  if (!match) throw new Error(`unexpected child output: ${first}`);
  return { process: child, port: Number(match[1]), nextLine };
}

async function killHard(child: Child): Promise<void> {
  const exited = new Promise<void>((resolve) => child.process.once('exit', () => resolve()));
  child.process.kill('SIGKILL');
  await exited;
}

describe('persistence across kill -9', () => {
  const dirs: ReturnType<typeof tempDir>[] = [];
  const children: Child[] = [];
  afterEach(async () => {
    for (const child of children.splice(0)) if (child.process.exitCode === null && child.process.signalCode === null) await killHard(child);
    for (const dir of dirs.splice(0)) dir.remove();
  });

  it('answers every acknowledged write right after a SIGKILL and restart', async () => {
    const dir = tempDir('dnsplane-kill-');
    dirs.push(dir);
    const first = await startChild(dir.path);
    children.push(first);
    const generations = 20; // crosses compaction (every 7 transactions) twice
    for (let g = 1; g <= generations; g++) {
      first.process.stdin!.write(`apply ${g}\n`);
      expect(await first.nextLine()).toBe(`applied ${g}`);
    }
    await killHard(first);
    expect(readdirSync(dir.path).sort()).toContain('zone.snapshot.json');

    const second = await startChild(dir.path);
    children.push(second);
    // The very first query after the restart: nothing has been written by this process.
    expect(await queryAddresses(second.port, 'api.example.test.', 'A')).toEqual([`192.0.2.${(generations % 250) + 1}`]);
    expect(await dig(second.port, ['_dnsplane.api.example.test', 'TXT', '+short'])).toContain(`gen=${generations} `);
    // Generations continue above the last one.
    second.process.stdin!.write(`apply ${generations + 1}\n`);
    expect(await second.nextLine()).toBe(`applied ${generations + 1}`);
  });

  it('refuses a second server on a data dir in use, and takes over after the owner is gone', async () => {
    const dir = tempDir('dnsplane-lock-');
    dirs.push(dir);
    const owner = await startChild(dir.path);
    children.push(owner);
    await expect(startTestServer({ dataDir: dir.path })).rejects.toThrow(/in use by process/);
    await killHard(owner);
    const next = await startTestServer({ dataDir: dir.path });
    await next.close();
  });

  it('ignores a torn last journal line (a write that was never acknowledged)', async () => {
    const dir = tempDir('dnsplane-torn-');
    dirs.push(dir);
    const dns = await startTestServer({ dataDir: dir.path });
    put(dns, 'kept.example.test.', RRType.A, 60, [a('192.0.2.50')]);
    const serial = dns.zone.serial;
    await dns.close();
    appendFileSync(join(dir.path, 'zone.journal'), '{"seq":99,"serial":12,"changes":[{"n":"torn.exa');
    const again = await startTestServer({ dataDir: dir.path });
    try {
      expect(again.zone.serial).toBe(serial);
      expect(await queryAddresses(again.port, 'kept.example.test.', 'A')).toEqual(['192.0.2.50']);
      put(again, 'after.example.test.', RRType.A, 60, [a('192.0.2.51')]);
    } finally {
      await again.close();
    }
    // The write after the torn line must not be glued to it and lost.
    const third = await startTestServer({ dataDir: dir.path });
    try {
      expect(third.zone.serial).toBe(serial + 1);
      expect(await queryAddresses(third.port, 'after.example.test.', 'A')).toEqual(['192.0.2.51']);
    } finally {
      await third.close();
    }
  });
});
