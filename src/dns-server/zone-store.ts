/**
 * The authoritative zone with its persistence: the single place where the zone changes.
 *
 * `transact(build)` runs `build` against the live zone, and if it returns changes, journals them
 * (fsync) and applies them, with one serial bump — all synchronously, so the check inside `build`
 * (an UPDATE's prerequisites, a provider's fence comparison) and the write are one atomic step.
 * Listeners hear about every committed transaction (answer cache, worker replicas).
 */
import { assert } from '../core/model/assert.js';
import { RRType, canonicalName, type SoaData } from '../dns-wire/index.js';
import { ZonePersistence, type JournalEntry, type Snapshot } from './persistence.js';
import { ZoneHistory, type ZoneHistoryLimits } from './zone-history.js';
import { Zone, nextSerial, serialGreater, type RRset, type ZoneChange, type ZoneReader } from './zone.js';

export interface TransactionPlan<T> {
  /** Empty: nothing changes, no serial bump, nothing journaled. */
  readonly changes: readonly ZoneChange[];
  readonly result: T;
}

export type TransactOutcome<T> =
  | { readonly ok: true; readonly value: T; readonly serial: number }
  | { readonly ok: false; readonly reason: string };

export interface ZoneStoreOptions {
  readonly origin: string;
  /** null: in memory only (tests, simulator). */
  readonly dataDir: string | null;
  /** Name servers of a new zone (the first one is the SOA MNAME); addresses become glue. */
  readonly nameServers?: readonly { readonly name: string; readonly address?: string }[];
  /**
   * A snapshot is written once the journal holds this many transactions (default: no count
   * limit), or once the journal has grown as large as the snapshot (always).
   */
  readonly compactAfterTransactions?: number;
  readonly soaTtlSeconds?: number;
  /** How many recent versions are kept for IXFR (zone-history.ts). */
  readonly historyLimits?: ZoneHistoryLimits;
}

export type CommitListener = (entry: JournalEntry) => void;

const COMPACT_AFTER_TRANSACTIONS_DEFAULT = Number.POSITIVE_INFINITY;

export class ZoneStore {
  readonly zone: Zone;
  /** The recent versions, both sides of every change: what an IXFR sends (zone-history.ts). */
  readonly history: ZoneHistory;
  private readonly persistence: ZonePersistence | null;
  private readonly listeners: CommitListener[] = [];
  private readonly compactAfterTransactions: number;
  private seq = 0;
  private replicationBarrier: ((seq: number) => Promise<void>) | null = null;
  /** A compaction scheduled and not yet run (at most one). */
  private compaction: Promise<void> | null = null;
  private closed = false;

  constructor(options: ZoneStoreOptions) {
    this.zone = new Zone(options.origin);
    this.history = new ZoneHistory(options.historyLimits);
    this.compactAfterTransactions = options.compactAfterTransactions ?? COMPACT_AFTER_TRANSACTIONS_DEFAULT;
    assert(this.compactAfterTransactions >= 1, 'compactAfterTransactions must be at least 1');
    this.persistence = options.dataDir === null ? null : new ZonePersistence(options.dataDir);
    const loaded = this.loadOrRelease();
    if (loaded !== null) {
      assert(canonicalName(loaded.snapshot.origin) === this.zone.origin, `data dir holds zone ${loaded.snapshot.origin}, configured ${this.zone.origin}`);
      this.zone.apply(loaded.snapshot.rrsets, loaded.snapshot.serial);
      // The journal since the snapshot is replayed as versions: after a restart, IXFR reaches back to the snapshot.
      for (const entry of loaded.entries) this.history.apply(this.zone, entry.changes, entry.serial);
      this.seq = loaded.entries.at(-1)?.seq ?? loaded.snapshot.seq;
      return;
    }
    this.zone.apply(initialZone(this.zone.origin, options), 1);
    this.persistence?.writeSnapshot(this.snapshot());
  }

  /** The persisted zone; a load that fails (a damaged data dir) lets go of the lock and the journal. */
  private loadOrRelease(): ReturnType<ZonePersistence['load']> {
    try {
      return this.persistence?.load() ?? null;
    } catch (error) {
      this.persistence?.close();
      throw error;
    }
  }

  get serial(): number {
    return this.zone.serial;
  }

  get reader(): ZoneReader {
    return this.zone;
  }

  /** The sequence number of the last committed transaction. */
  get lastSeq(): number {
    return this.seq;
  }

  /**
   * With worker processes answering queries, a commit is visible to clients only once every
   * worker has applied it; writers that acknowledge to someone (UPDATE replies, the provider)
   * wait for this before they do.
   */
  setReplicationBarrier(barrier: ((seq: number) => Promise<void>) | null): void {
    this.replicationBarrier = barrier;
  }

  replicated(): Promise<void> {
    return this.replicationBarrier === null ? Promise.resolve() : this.replicationBarrier(this.seq);
  }

  onCommit(listener: CommitListener): () => void {
    this.listeners.push(listener);
    return () => {
      const index = this.listeners.indexOf(listener);
      if (index >= 0) this.listeners.splice(index, 1);
    };
  }

  transact<T>(build: (zone: ZoneReader) => TransactionPlan<T>): TransactOutcome<T> {
    const plan = build(this.zone);
    if (plan.changes.length === 0) return { ok: true, value: plan.result, serial: this.zone.serial };
    const entry: JournalEntry = { seq: this.seq + 1, serial: this.serialAfter(plan.changes), changes: plan.changes };
    // Encoding first, outside the try: data that cannot be encoded is a bug, not a disk failure.
    const line = this.persistence === null ? '' : ZonePersistence.encodeEntry(entry);
    try {
      this.persistence?.append(line);
    } catch (error) {
      // The zone is unchanged: the transaction is not acknowledged and may be retried.
      return { ok: false, reason: `journal write failed: ${String(error)}` };
    }
    this.seq = entry.seq;
    this.history.apply(this.zone, entry.changes, entry.serial);
    for (const listener of this.listeners) listener(entry);
    this.scheduleCompactionIfDue();
    return { ok: true, value: plan.result, serial: entry.serial };
  }

  /** Every RRset of the zone, for snapshots and worker replicas. */
  snapshot(): Snapshot {
    const rrsets: ZoneChange[] = [];
    for (const [name, node] of this.zone.names()) {
      for (const [type, rrset] of node) rrsets.push({ name, type, rrset });
    }
    return { origin: this.zone.origin, seq: this.seq, serial: this.zone.serial, rrsets };
  }

  close(): void {
    // A compaction still scheduled is dropped: the journal already holds every transaction.
    this.closed = true;
    this.persistence?.close();
  }

  /** Resolves once no compaction is scheduled (tests wait for it; nothing else needs to: the journal is durable). */
  async compacted(): Promise<void> {
    while (this.compaction !== null) await this.compaction;
  }

  /** A change that sets the SOA explicitly to a newer serial keeps it; otherwise serial + 1. */
  private serialAfter(changes: readonly ZoneChange[]): number {
    const bumped = nextSerial(this.zone.serial);
    const soaChange = changes.find((c) => c.type === RRType.SOA && c.name === this.zone.origin);
    const explicit = soaChange?.rrset?.rdatas[0];
    if (explicit?.kind === 'SOA' && serialGreater(explicit.serial, bumped)) return explicit.serial;
    return bumped;
  }

  private compactionDue(): boolean {
    if (this.persistence === null || this.closed) return false;
    return this.persistence.entriesSinceSnapshot >= this.compactAfterTransactions || this.persistence.journalOutgrewSnapshot;
  }

  /**
   * Compaction writes the whole zone (a quarter of a second at 10,000 names on a slow machine),
   * so it runs after the transaction that made it due has reached every worker, on a turn of its
   * own: the write's acknowledgement, and the answers it changes, do not wait for it. Nothing
   * waits on it for durability either: every transaction is in the journal before it is applied.
   */
  private scheduleCompactionIfDue(): void {
    if (this.compaction !== null || !this.compactionDue()) return;
    this.compaction = this.replicated()
      .catch(() => undefined)
      .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
      .then(() => {
        this.compaction = null;
        this.compactIfDue();
      });
  }

  private compactIfDue(): void {
    if (!this.compactionDue()) return;
    try {
      this.persistence?.writeSnapshot(this.snapshot());
    } catch {
      // The journal still holds every transaction; compaction is retried after the next one.
    }
  }
}

function initialZone(origin: string, options: ZoneStoreOptions): ZoneChange[] {
  const servers = options.nameServers ?? [{ name: `ns1.${origin}`, address: '127.0.0.1' }];
  assert(servers.length > 0, 'a zone needs at least one name server');
  const ttl = options.soaTtlSeconds ?? 60;
  const soa: SoaData = {
    kind: 'SOA', mname: servers[0]!.name, rname: `hostmaster.${origin}`, serial: 1, refresh: 3600, retry: 600, expire: 86400, minimum: 60,
  };
  const changes: ZoneChange[] = [
    { name: origin, type: RRType.SOA, rrset: { type: RRType.SOA, ttl, rdatas: [soa] } },
    { name: origin, type: RRType.NS, rrset: { type: RRType.NS, ttl, rdatas: servers.map((s) => ({ kind: 'NS' as const, host: s.name })) } },
  ];
  for (const server of servers) {
    if (server.address === undefined) continue;
    const family = server.address.includes(':') ? RRType.AAAA : RRType.A;
    const glue: RRset = { type: family, ttl, rdatas: [family === RRType.A ? { kind: 'A', address: server.address } : { kind: 'AAAA', address: server.address }] };
    changes.push({ name: canonicalName(server.name), type: family, rrset: glue });
  }
  return changes;
}
