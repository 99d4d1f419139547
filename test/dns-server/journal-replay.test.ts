/**
 * Journal replay checks every line (JSON, shape, sequence continuity). Only a torn last line — no
 * final newline: a write in flight when the process died, never acknowledged — is dropped, and
 * the file cut back to the last complete line. Any other damage stops the start with the file,
 * the line number and what is wrong, and leaves the data dir byte-identical: every line after the
 * damage is an acknowledged transaction that a silent truncation would lose.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RRType } from '../../src/dns-wire/index.js';
import { a, put, queryAddresses, startTestServer, tempDir } from './helpers.js';

const dirs: ReturnType<typeof tempDir>[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) dir.remove();
});

/** A data dir whose journal holds `count` transactions: host1..hostN A 192.0.2.N. */
async function dataDirWithTransactions(count: number): Promise<{ path: string; journal: string; lines: string[] }> {
  const dir = tempDir('dnsplane-replay-');
  dirs.push(dir);
  const dns = await startTestServer({ dataDir: dir.path });
  for (let i = 1; i <= count; i++) put(dns, `host${i}.example.test.`, RRType.A, 60, [a(`192.0.2.${i}`)]);
  await dns.close();
  const journal = join(dir.path, 'zone.journal');
  const lines = readFileSync(journal, 'utf8').split('\n').slice(0, -1);
  expect(lines.length).toBe(count);
  return { path: dir.path, journal, lines };
}

describe('journal replay', () => {
  it('drops a torn last line and serves every earlier transaction', async () => {
    const dir = await dataDirWithTransactions(5);
    const complete = readFileSync(dir.journal);
    writeFileSync(dir.journal, Buffer.concat([complete, Buffer.from('{"seq":6,"serial":8,"changes":[{"n":"torn.exa')]));
    const dns = await startTestServer({ dataDir: dir.path });
    try {
      for (let i = 1; i <= 5; i++) expect(await queryAddresses(dns.port, `host${i}.example.test.`, 'A')).toEqual([`192.0.2.${i}`]);
      expect(dns.zone.lastSeq).toBe(5);
      // Cut back to the last complete line, so the next append starts on a clean line.
      expect(readFileSync(dir.journal).equals(complete)).toBe(true);
    } finally {
      await dns.close();
    }
  });

  const damages: { name: string; damage: (lines: string[]) => string[]; line: number; problem: RegExp }[] = [
    { name: 'a line in the middle that is not JSON', damage: (l) => l.map((x, i) => (i === 2 ? x.slice(0, 20) + x.slice(25) : x)), line: 3, problem: /not JSON/ },
    { name: 'an empty line in the middle', damage: (l) => [...l.slice(0, 2), '', ...l.slice(2)], line: 3, problem: /not JSON/ },
    { name: 'a complete last line that is not JSON', damage: (l) => [...l.slice(0, -1), l.at(-1)!.slice(0, -3)], line: 5, problem: /not JSON/ },
    { name: 'a line of the wrong shape', damage: (l) => l.map((x, i) => (i === 1 ? JSON.stringify({ seq: 2, serial: 'four', changes: [] }) : x)), line: 2, problem: /serial/ },
    { name: 'a change of the wrong shape', damage: (l) => l.map((x, i) => (i === 1 ? JSON.stringify({ seq: 2, serial: 4, changes: [{ n: 'x.example.test.', t: 'A' }] }) : x)), line: 2, problem: /change 1/ },
    { name: 'record data that does not decode', damage: (l) => l.map((x, i) => (i === 3 ? x.replace(/"rd":\["[^"]*"\]/, '"rd":["AAE="]') : x)), line: 4, problem: /record data/ },
    { name: 'a missing transaction (a gap in seq)', damage: (l) => [...l.slice(0, 2), ...l.slice(3)], line: 3, problem: /seq 4 follows seq 2/ },
    { name: 'a repeated transaction', damage: (l) => [...l.slice(0, 3), l[2]!, ...l.slice(3)], line: 4, problem: /seq 3 follows seq 3/ },
  ];
  for (const testCase of damages) {
    it(`refuses to start on ${testCase.name}, naming file and line, and changes nothing`, async () => {
      const dir = await dataDirWithTransactions(5);
      writeFileSync(dir.journal, testCase.damage(dir.lines).map((line) => `${line}\n`).join(''));
      const before = readFileSync(dir.journal);
      const snapshotBefore = readFileSync(join(dir.path, 'zone.snapshot.json'));
      const start = startTestServer({ dataDir: dir.path });
      await expect(start).rejects.toThrow(`${dir.journal}:${testCase.line}: `);
      await expect(start).rejects.toThrow(testCase.problem);
      expect(readFileSync(dir.journal).equals(before)).toBe(true);
      expect(readFileSync(join(dir.path, 'zone.snapshot.json')).equals(snapshotBefore)).toBe(true);
      // The failed start let go of the data dir.
      expect(existsSync(join(dir.path, 'zone.lock'))).toBe(false);
    });
  }

  it('refuses a journal that starts after the snapshot (transactions in between are missing)', async () => {
    const dir = await dataDirWithTransactions(3);
    writeFileSync(dir.journal, dir.lines.slice(1).map((line) => `${line}\n`).join(''));
    const before = readFileSync(dir.journal);
    await expect(startTestServer({ dataDir: dir.path })).rejects.toThrow(`${dir.journal}:1: seq 2 follows the snapshot's seq 0`);
    expect(readFileSync(dir.journal).equals(before)).toBe(true);
  });
});
