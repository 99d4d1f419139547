import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ZoneStore } from '../../src/dns-server/zone-store.js';
import { RRType } from '../../src/dns-wire/index.js';
import { tempDir } from './helpers.js';

function putA(store: ZoneStore, name: string, address: string): void {
  const outcome = store.transact(() => ({ changes: [{ name, type: RRType.A, rrset: { type: RRType.A, ttl: 60, rdatas: [{ kind: 'A', address }] } }], result: null }));
  expect(outcome.ok).toBe(true);
}

describe('ZoneStore persistence', () => {
  const dirs: ReturnType<typeof tempDir>[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) dir.remove();
  });
  const newDir = (): string => {
    const dir = tempDir('dnsplane-zone-');
    dirs.push(dir);
    return dir.path;
  };

  it('starts a new zone with SOA serial 1, NS and glue, persisted', () => {
    const path = newDir();
    const store = new ZoneStore({ origin: 'example.test.', dataDir: path });
    expect(store.serial).toBe(1);
    expect(store.reader.rrset('example.test.', RRType.NS)?.rdatas).toEqual([{ kind: 'NS', host: 'ns1.example.test.' }]);
    store.close();
    expect(new ZoneStore({ origin: 'example.test.', dataDir: path }).serial).toBe(1);
  });

  it('does not bump the serial or journal when a transaction changes nothing', () => {
    const store = new ZoneStore({ origin: 'example.test.', dataDir: null });
    const outcome = store.transact(() => ({ changes: [], result: 'nothing' }));
    expect(outcome).toEqual({ ok: true, value: 'nothing', serial: 1 });
  });

  it('compacts into a snapshot and replays only newer journal entries after a crash between rename and truncate', async () => {
    const path = newDir();
    const store = new ZoneStore({ origin: 'example.test.', dataDir: path, compactAfterTransactions: 3 });
    putA(store, 'a.example.test.', '192.0.2.1');
    putA(store, 'b.example.test.', '192.0.2.2');
    // Keep the journal as it was just before compaction truncates it.
    copyFileSync(join(path, 'zone.journal'), join(path, 'journal.before'));
    putA(store, 'a.example.test.', '192.0.2.3'); // third transaction: compaction, on a turn of its own
    expect(readFileSync(join(path, 'zone.journal'), 'utf8')).not.toBe('');
    await store.compacted();
    expect(readFileSync(join(path, 'zone.journal'), 'utf8')).toBe('');
    const serial = store.serial;
    store.close();
    // A crash after the snapshot rename but before the truncation leaves old entries behind.
    writeFileSync(join(path, 'zone.journal'), readFileSync(join(path, 'journal.before')));
    const reopened = new ZoneStore({ origin: 'example.test.', dataDir: path, compactAfterTransactions: 3 });
    expect(reopened.serial).toBe(serial);
    expect(reopened.reader.rrset('a.example.test.', RRType.A)?.rdatas).toEqual([{ kind: 'A', address: '192.0.2.3' }]);
    putA(reopened, 'c.example.test.', '192.0.2.4');
    reopened.close();
    const third = new ZoneStore({ origin: 'example.test.', dataDir: path });
    expect(third.serial).toBe(serial + 1);
    expect(third.reader.rrset('c.example.test.', RRType.A)).toBeDefined();
    third.close();
  });

  it('refuses a data dir that holds another zone', () => {
    const path = newDir();
    new ZoneStore({ origin: 'example.test.', dataDir: path }).close();
    expect(() => new ZoneStore({ origin: 'other.test.', dataDir: path })).toThrow(/holds zone/);
  });

  it('tracks empty non-terminals as names are added and removed', () => {
    const store = new ZoneStore({ origin: 'example.test.', dataDir: null });
    putA(store, 'x.y.z.example.test.', '192.0.2.1');
    expect(store.reader.isEmptyNonTerminal('y.z.example.test.')).toBe(true);
    expect(store.reader.isEmptyNonTerminal('z.example.test.')).toBe(true);
    store.transact(() => ({ changes: [{ name: 'x.y.z.example.test.', type: RRType.A, rrset: null }], result: null }));
    expect(store.reader.isEmptyNonTerminal('y.z.example.test.')).toBe(false);
  });
});

describe('ZoneStore compaction by size', () => {
  it('compacts once the journal has grown as large as the snapshot (at least 1 MiB)', async () => {
    const dir = tempDir('dnsplane-zone-size-');
    try {
      const store = new ZoneStore({ origin: 'example.test.', dataDir: dir.path });
      const bigTxt = 'x'.repeat(240);
      let compactedAt = -1;
      for (let i = 0; i < 2000 && compactedAt < 0; i++) {
        const outcome = store.transact(() => ({ changes: [{ name: 'big.example.test.', type: RRType.TXT, rrset: { type: RRType.TXT, ttl: 60, rdatas: Array.from({ length: 8 }, (_, j) => ({ kind: 'TXT' as const, strings: [`${i}-${j}-${bigTxt}`] })) } }], result: null }));
        expect(outcome.ok).toBe(true);
        await store.compacted(); // compaction runs on a turn of its own, after the transaction
        if (readFileSync(join(dir.path, 'zone.journal')).length === 0) compactedAt = i;
      }
      // Each transaction journals about 3 KB: 1 MiB is reached after a few hundred.
      expect(compactedAt).toBeGreaterThan(100);
      expect(compactedAt).toBeLessThan(1000);
      store.close();
      expect(new ZoneStore({ origin: 'example.test.', dataDir: dir.path }).reader.rrset('big.example.test.', RRType.TXT)?.rdatas.length).toBe(8);
    } finally {
      dir.remove();
    }
  });
});
