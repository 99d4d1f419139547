/**
 * PlanStore on etcd, for the distributed deployment (one Planner leads, Enactors in every zone).
 * Contract: src/core/ports/plan-store.ts, tested by test/contract/plan-store.contract.ts against
 * a real 3-member cluster.
 *
 * Keys under the deployment's prefix P:
 *
 *     P plans/head/<g, 16 digits>   JSON {digest, createdAtMs, note, encoding}   list() reads only these
 *     P plans/body/<g, 16 digits>   the plan's endpoints (plan-codec, deflated)
 *     P plans/latest                 <g> of the newest stored plan: latest() without a scan
 *     P plans/high-water             <g> of the newest plan ever created (deletion never lowers it)
 *     P planner/leader               the campaign key: holder id, attached to the holder's etcd lease
 *     P planner/fence                holder id; its mod revision is the newest fencing token
 *
 * Fencing: a grant to a new holder creates the campaign key and writes the fence key in one txn,
 * so the fence's mod revision is the campaign key's create revision: the fencing token. Every
 * create is one txn comparing the fence's mod revision with the caller's token and the high-water
 * key's mod revision with the one read, so a Planner whose lease passed to another (it was paused
 * past its ttl, or partitioned) cannot write, however sure it is that it still leads; and two
 * writers can never both create a generation. The fence key is not attached to the lease: a lease
 * that expired with nobody taking over leaves the fence in place, so its holder keeps writing and
 * renews with the same token (fencing is by token, not time, as for SQLite).
 *
 * Lease time is etcd's: ttls are whole seconds (a ttl is rounded up), and etcd raises a ttl below
 * its minimum (1.5 election timeouts) to that minimum; the grant reports the ttl etcd applied.
 *
 * Large plans. A plan whose body fits one etcd request (--max-request-bytes, 1.5 MiB by default)
 * is written in the one create txn. A larger body is uploaded first, in chunks, under a key of its
 * own upload id, each chunk in its own txn (fenced too) and attached to a short etcd lease:
 *
 *     P plans/chunk/<g>/<upload id>/<i, 4 digits>   bytes [i·CHUNK, (i+1)·CHUNK) of the body
 *
 * then the same create txn commits it: its head names the upload (id, chunk count, bytes,
 * sha256), it compares every chunk as present, and re-puts each chunk without the lease. So the
 * plan appears, with every chunk, at one revision or not at all; a writer that crashes or is
 * fenced mid-upload leaves chunks that its lease removes; two writers racing for one generation
 * upload under two ids and only the committed one is named. A reader reassembles the named
 * upload and checks its length and sha256. Above PLAN_CHUNKS_MAX chunks a plan fails as
 * 'too-large'.
 */
import { createHash, randomUUID } from 'node:crypto';
import { assert } from '../../core/model/assert.js';
import { generation as toGeneration, type Generation } from '../../core/model/ids.js';
import type { Plan } from '../../core/model/plan.js';
import type { GenerationInfo, LastChanges, LeaseGrant, PlanChanges, PlanStore } from '../../core/ports/plan-store.js';
import { failure, ok, type Result } from '../../core/ports/result.js';
import { decodePlanRow, encodePlanBody, PLAN_ENCODING } from '../store-sqlite/plan-codec.js';
import { changedBetween, lastChangesAcross } from '../store-memory/plan-changes.js';
import { fenced } from '../store-memory/planner-lease.js';
import { compare, op, prefixEnd, rangeResult, type EtcdConnection, type KeyValue } from './etcd-connection.js';

const GENERATION_DIGITS = 16;
/** Bounded retries of a txn whose compare failed only because another writer moved a key we read. */
const TXN_ATTEMPTS_MAX = 8;
/** etcd's default --max-request-bytes, less room for the txn's other keys: above it, a body is uploaded in chunks. */
const PLAN_BODY_BYTES_MAX = 1_400_000;
/** One chunk per txn, well inside the request limit. */
const PLAN_CHUNK_BYTES = 1_000_000;
/** The commit txn compares and re-puts every chunk; etcd allows 128 operations per txn (--max-txn-ops). */
const PLAN_CHUNKS_MAX = 100;
/** Chunks read per txn: the client takes replies up to 4 MiB (gRPC's default). */
const PLAN_CHUNKS_PER_READ = 3;
/** How long an uncommitted upload lives: longer than an upload of PLAN_CHUNKS_MAX chunks takes. */
const PLAN_UPLOAD_LEASE_S = 120;

const KEYS = {
  head: (g: number) => `plans/head/${String(g).padStart(GENERATION_DIGITS, '0')}`,
  body: (g: number) => `plans/body/${String(g).padStart(GENERATION_DIGITS, '0')}`,
  chunks: (g: number) => `plans/chunk/${String(g).padStart(GENERATION_DIGITS, '0')}/`,
  chunk: (g: number, upload: string, i: number) => `plans/chunk/${String(g).padStart(GENERATION_DIGITS, '0')}/${upload}/${String(i).padStart(4, '0')}`,
  headPrefix: 'plans/head/',
  latest: 'plans/latest',
  highWater: 'plans/high-water',
  leader: 'planner/leader',
  fence: 'planner/fence',
} as const;

/** What `latest` watches: the key that names the newest stored generation. */
export const LATEST_KEY_PATH = KEYS.latest;
/** The campaign key (status reads it to name the leader). */
export const LEADER_KEY_PATH = KEYS.leader;

/** Where a chunked body is: its upload id, chunk count, length and sha256 (hex). */
interface ChunkedBody { readonly upload: string; readonly count: number; readonly bytes: number; readonly sha256: string }

interface Head { readonly digest: string; readonly createdAtMs: number; readonly note: string; readonly encoding: string; readonly chunks?: ChunkedBody }

/** How many generations back `lastChangesSince` can tell (and how many plans a client holds for it). */
const RECENT_PLANS_MAX = 32;

export class EtcdPlanStore implements PlanStore {
  /** The decoded newest plan seen: an Enactor's poll of an unchanged store costs one small read. */
  private cachedLatest: Plan | null = null;
  /**
   * The newest plan seen before it: usually the generation an Enactor applied last, so that
   * `changedSince` of it reads one head, not a body.
   */
  private previousLatest: Plan | null = null;
  /** The last create issued by this client (settled when it is done): the next one starts after it. */
  private createsIssued: Promise<unknown> = Promise.resolve();

  /**
   * The newest plans seen, by generation (at most RECENT_PLANS_MAX): `lastChangesSince` walks
   * them instead of reading a body per generation. Plans decoded one after another share their
   * unchanged endpoints, so this costs what changed.
   */
  private readonly recentPlans = new Map<number, Plan>();

  /** Holds `plan` as the newest seen; the one it replaces, when older, becomes `previousLatest`. */
  private holdLatest(plan: Plan | null): void {
    const held = this.cachedLatest;
    if (held !== null && plan !== null && held.generation < plan.generation) this.previousLatest = held;
    this.cachedLatest = plan;
    if (plan !== null) this.remember(plan);
  }

  private remember(plan: Plan): void {
    this.recentPlans.set(plan.generation, plan);
    for (const g of this.recentPlans.keys()) {
      if (this.recentPlans.size <= RECENT_PLANS_MAX) break;
      this.recentPlans.delete(g);
    }
  }

  constructor(private readonly etcd: EtcdConnection) {}

  async acquireLease(holder: string, ttlMs: number): Promise<Result<LeaseGrant>> {
    assert(holder.length > 0 && holder.length <= 256, `a lease holder is 1..256 characters, got '${holder}'`);
    assert(Number.isSafeInteger(ttlMs) && ttlMs > 0, `a lease ttl is a positive integer of ms, got ${ttlMs}`);
    for (let attempt = 0; attempt < TXN_ATTEMPTS_MAX; attempt++) {
      const read = await this.etcd.txn('read lease', [], [op.get(this.key(KEYS.leader)), op.get(this.key(KEYS.fence))]);
      if (!read.ok) return read;
      const leader = rangeResult(read.value, 0);
      const fence = rangeResult(read.value, 1);
      if (leader !== null && leader.value.toString('utf8') !== holder) return this.held(leader, fence);
      const outcome = leader === null ? await this.campaign(holder, ttlMs, fence) : await this.renew(holder, leader, fence);
      if (outcome !== 'raced') return outcome;
    }
    return failure('unavailable', `etcd lease: still racing other Planners after ${TXN_ATTEMPTS_MAX} attempts`, true);
  }

  async latest(): Promise<Result<Plan | null>> {
    for (let attempt = 0; attempt < TXN_ATTEMPTS_MAX; attempt++) {
      const pointer = await this.etcd.txn('latest', [], [op.get(this.key(KEYS.latest))]);
      if (!pointer.ok) return pointer;
      const kv = rangeResult(pointer.value, 0);
      if (kv === null) {
        this.holdLatest(null);
        return ok(null);
      }
      const g = parseGeneration(kv.value.toString('utf8'));
      if (g === null) return damaged(`${KEYS.latest} holds '${kv.value.toString('utf8')}', not a generation`);
      // Numbers are never reused, so the same number is the same plan.
      if (this.cachedLatest?.generation === g) return ok(this.cachedLatest);
      const plan = await this.get(toGeneration(g));
      if (!plan.ok) return plan;
      // Deleted between the two reads (a Cleaner): the pointer has moved; read it again.
      if (plan.value === null) continue;
      this.holdLatest(plan.value);
      return plan;
    }
    return failure('unavailable', `etcd latest: the newest plan kept changing during ${TXN_ATTEMPTS_MAX} reads`, true);
  }

  async highWater(): Promise<Result<Generation>> {
    const read = await this.etcd.txn('highWater', [], [op.get(this.key(KEYS.highWater))]);
    if (!read.ok) return read;
    const highWater = this.parseHighWater(rangeResult(read.value, 0));
    return highWater.ok ? ok(toGeneration(highWater.value)) : highWater;
  }

  async get(generation: Generation): Promise<Result<Plan | null>> {
    // Head and body in one txn: one revision, so a concurrent delete cannot split them.
    const read = await this.etcd.txn('get', [], [op.get(this.key(KEYS.head(generation))), op.get(this.key(KEYS.body(generation)))]);
    if (!read.ok) return read;
    const headKv = rangeResult(read.value, 0);
    const bodyKv = rangeResult(read.value, 1);
    if (headKv === null && bodyKv === null) return ok(null);
    if (headKv === null) return damaged(`generation ${generation} has a body but no head`);
    const head = parseHead(headKv.value);
    if (head === null) return damaged(`${KEYS.head(generation)} does not decode`);
    let body: Buffer;
    if (head.chunks === undefined) {
      if (bodyKv === null) return damaged(`generation ${generation} has a head but no body`);
      body = bodyKv.value;
    } else {
      const assembled = await this.readChunks(generation, head.chunks);
      if (!assembled.ok || assembled.value === null) return assembled.ok ? ok(null) : assembled;
      body = assembled.value;
    }
    const decoded = decodePlanRow({ generation, digest: head.digest, createdAtMs: head.createdAtMs, note: head.note, encoding: head.encoding, body }, this.cachedLatest);
    // A plan that does not decode is never served; retryable: an operator may repair the key.
    return decoded.ok ? decoded : failure(decoded.code, decoded.message, true);
  }

  /**
   * Creates of one client run one after another, in the order they were issued: each txn
   * compares the high-water mark it read, so overlapping creates would otherwise land in the
   * order their requests happened to reach etcd (a 2 before a 1 makes the 1 'exists').
   */
  async create(plan: Plan, token: number): Promise<Result<void>> {
    assert(plan.generation > 0 && Number.isSafeInteger(plan.createdAtMs), `plan ${plan.generation}: not a storable plan`);
    assert(Number.isSafeInteger(token), `a fencing token is an integer, got ${token}`);
    const created = this.createsIssued.then(() => this.createInOrder(plan, token));
    this.createsIssued = created.catch(() => undefined);
    return created;
  }

  private async createInOrder(plan: Plan, token: number): Promise<Result<void>> {
    const body = encodePlanBody(plan);
    if (body.length <= PLAN_BODY_BYTES_MAX) return this.commit(plan, { digest: plan.digest, createdAtMs: plan.createdAtMs, note: plan.note, encoding: PLAN_ENCODING }, { body }, token);
    const count = Math.ceil(body.length / PLAN_CHUNK_BYTES);
    if (count > PLAN_CHUNKS_MAX) {
      return failure('too-large', `plan ${plan.generation} encodes to ${body.length} bytes, above ${PLAN_CHUNKS_MAX} chunks of ${PLAN_CHUNK_BYTES} bytes (docs/stores.md)`, false);
    }
    const uploaded = await this.upload(plan, body, token);
    if (!uploaded.ok) return uploaded;
    const { chunks, leaseId } = uploaded.value;
    const head: Head = { digest: plan.digest, createdAtMs: plan.createdAtMs, note: plan.note, encoding: PLAN_ENCODING, chunks };
    const committed = await this.commit(plan, head, { chunkKeys: this.chunkKeys(plan.generation, chunks) }, token);
    // Committed chunks no longer hang on the lease; uncommitted ones go now rather than at its expiry.
    if (!committed.ok) await this.etcd.txn('drop upload', [], [op.deleteRange(this.key(`${KEYS.chunks(plan.generation)}${chunks.upload}/`), prefixEnd(this.key(`${KEYS.chunks(plan.generation)}${chunks.upload}/`)))]);
    await this.etcd.revokeLease(leaseId);
    return committed;
  }

  private async commit(plan: Plan, head: Head, content: { readonly body: Buffer } | { readonly chunkKeys: readonly Buffer[] }, token: number): Promise<Result<void>> {
    for (let attempt = 0; attempt < TXN_ATTEMPTS_MAX; attempt++) {
      const outcome = await this.tryCreate(plan, head, content, token);
      if (outcome !== 'raced') return outcome;
    }
    return failure('unavailable', `etcd create: other writers kept moving the high-water mark during ${TXN_ATTEMPTS_MAX} attempts`, true);
  }

  /**
   * Uploads a large body in chunks on a fresh lease, each chunk txn fenced like the create, after
   * the same early checks as the create (a fenced or outnumbered writer uploads nothing).
   */
  private async upload(plan: Plan, body: Buffer, token: number): Promise<Result<{ readonly chunks: ChunkedBody; readonly leaseId: string }>> {
    const early = await this.etcd.txn('create (read)', [], [op.get(this.key(KEYS.fence)), op.get(this.key(KEYS.highWater))]);
    if (!early.ok) return early;
    const fence = rangeResult(early.value, 0);
    if (fence === null || token <= 0 || Number(fence.mod_revision) !== token) return fencedFailure(fence, token);
    const highWater = this.parseHighWater(rangeResult(early.value, 1));
    if (!highWater.ok) return highWater;
    if (plan.generation <= highWater.value) return failure('exists', `generation ${plan.generation} is not above the highest generation created so far (${highWater.value})`, false);
    const lease = await this.etcd.grantLease(PLAN_UPLOAD_LEASE_S);
    if (!lease.ok) return lease;
    const chunks: ChunkedBody = {
      upload: randomUUID(), count: Math.ceil(body.length / PLAN_CHUNK_BYTES), bytes: body.length, sha256: createHash('sha256').update(body).digest('hex'),
    };
    for (let i = 0; i < chunks.count; i++) {
      const part = body.subarray(i * PLAN_CHUNK_BYTES, (i + 1) * PLAN_CHUNK_BYTES);
      const written = await this.etcd.txn('create (chunk)', [compare.modRevision(this.key(KEYS.fence), token)], [op.put(this.key(KEYS.chunk(plan.generation, chunks.upload, i)), part, lease.value.id)], [op.get(this.key(KEYS.fence))]);
      const failed = !written.ok ? written : written.value.succeeded ? null : fencedFailure(rangeResult(written.value, 0), token);
      if (failed !== null) {
        // The lease takes what was uploaded with it.
        await this.etcd.revokeLease(lease.value.id);
        return failed;
      }
    }
    return ok({ chunks, leaseId: lease.value.id });
  }

  private chunkKeys(g: number, chunks: ChunkedBody): Buffer[] {
    return Array.from({ length: chunks.count }, (_, i) => this.key(KEYS.chunk(g, chunks.upload, i)));
  }

  /** The body of a chunked plan; null when the generation was deleted while it was being read. */
  private async readChunks(generation: Generation, chunks: ChunkedBody): Promise<Result<Buffer | null>> {
    const keys = this.chunkKeys(generation, chunks);
    const parts: Buffer[] = [];
    for (let start = 0; start < keys.length; start += PLAN_CHUNKS_PER_READ) {
      const group = keys.slice(start, start + PLAN_CHUNKS_PER_READ);
      const read = await this.etcd.txn('get (chunks)', [], [...group.map((key) => op.get(key)), op.get(this.key(KEYS.head(generation)))]);
      if (!read.ok) return read;
      // The head read with each group: gone means a Cleaner deleted the generation meanwhile.
      if (rangeResult(read.value, group.length) === null) return ok(null);
      for (let i = 0; i < group.length; i++) {
        const kv = rangeResult(read.value, i);
        if (kv === null) return damaged(`generation ${generation} names upload ${chunks.upload} of ${chunks.count} chunks, but chunk ${start + i} is missing`);
        parts.push(kv.value);
      }
    }
    const body = Buffer.concat(parts);
    if (body.length !== chunks.bytes || createHash('sha256').update(body).digest('hex') !== chunks.sha256) {
      return damaged(`generation ${generation}: its ${chunks.count} chunks do not add up to the ${chunks.bytes} bytes (sha256 ${chunks.sha256}) its head names`);
    }
    return ok(body);
  }

  async list(): Promise<Result<readonly GenerationInfo[]>> {
    const heads = await this.etcd.rangePrefix('list', KEYS.headPrefix, false);
    return heads.ok ? this.headInfos(heads.value) : heads;
  }

  /** Heads as generation infos, in key order (zero-padded keys: generation order). */
  private headInfos(kvs: readonly KeyValue[]): Result<GenerationInfo[]> {
    const infos: GenerationInfo[] = [];
    for (const kv of kvs) {
      const g = parseGeneration(kv.key.toString('utf8').slice((this.etcd.prefix + KEYS.headPrefix).length));
      const head = parseHead(kv.value);
      if (g === null || head === null) return damaged(`${kv.key.toString('utf8')} does not decode`);
      infos.push({ generation: toGeneration(g), digest: head.digest, createdAtMs: head.createdAtMs });
    }
    return ok(infos);
  }

  async delete(generation: Generation): Promise<Result<void>> {
    for (let attempt = 0; attempt < TXN_ATTEMPTS_MAX; attempt++) {
      const outcome = await this.tryDelete(generation);
      if (outcome !== 'raced') return outcome;
    }
    return failure('unavailable', `etcd delete: the newest plan kept changing during ${TXN_ATTEMPTS_MAX} attempts`, true);
  }

  /**
   * The latest plan and the names that changed since `since`, by comparing the two plans: etcd
   * keeps one body per generation, so this is O(endpoints) in memory, and reads only a head when
   * `since` is the plan this store held before the latest (an Enactor asking about the
   * generation it applied). Null when `since` is not stored or not below the latest.
   */
  async changedSince(since: Generation): Promise<Result<PlanChanges | null>> {
    const latest = await this.latest();
    if (!latest.ok) return latest;
    const plan = latest.value;
    if (plan === null || since >= plan.generation) return ok(null);
    const before = await this.storedPlan(since);
    if (!before.ok) return before;
    return ok(before.value === null ? null : { plan, since, changed: changedBetween(before.value, plan) });
  }

  /**
   * By walking the plans from `since` to the latest. The heads between them (one range read)
   * must name every number in between; a plan this client holds is used when its head still
   * names its digest, else its body is read. Null beyond RECENT_PLANS_MAX generations: the caller
   * moves the fences.
   */
  async lastChangesSince(since: Generation): Promise<Result<LastChanges | null>> {
    const latest = await this.latest();
    if (!latest.ok) return latest;
    const plan = latest.value;
    if (plan === null || plan.generation < since || plan.generation - since >= RECENT_PLANS_MAX) return ok(null);
    // Only the heads in [since, latest]: a store keeping an hour of generations holds thousands.
    const read = await this.etcd.range('lastChangesSince (heads)', { key: this.key(KEYS.head(since)), range_end: this.key(KEYS.head(plan.generation + 1)) });
    if (!read.ok) return read;
    const heads = this.headInfos(read.value);
    if (!heads.ok) return heads;
    const inRange = heads.value;
    if (inRange.length !== plan.generation - since + 1) return ok(null);
    const consecutive: Plan[] = [];
    for (const info of inRange) {
      const held = this.recentPlans.get(info.generation);
      if (held !== undefined && held.digest === info.digest) {
        consecutive.push(held);
        continue;
      }
      const read = await this.get(info.generation);
      if (!read.ok) return read;
      if (read.value === null) return ok(null);
      this.remember(read.value);
      consecutive.push(read.value);
    }
    return ok({ since, latest: plan.generation, changes: lastChangesAcross(consecutive) });
  }

  /** Generation `g`'s plan: the one held when its head still names the same digest, else read. */
  private async storedPlan(g: Generation): Promise<Result<Plan | null>> {
    const held = [this.previousLatest, this.cachedLatest].find((p) => p?.generation === g) ?? null;
    if (held === null) return this.get(g);
    const read = await this.etcd.txn('changedSince (head)', [], [op.get(this.key(KEYS.head(g)))]);
    if (!read.ok) return read;
    const headKv = rangeResult(read.value, 0);
    if (headKv === null) return ok(null);
    const head = parseHead(headKv.value);
    if (head === null) return damaged(`${KEYS.head(g)} does not decode`);
    // Numbers are never reused, so the same number and digest is the same plan.
    return head.digest === held.digest ? ok(held) : this.get(g);
  }

  /** Who holds the Planner lease now (the campaign key), with the newest fencing token; null when free. */
  async leaseHolder(): Promise<Result<{ readonly holder: string; readonly token: number } | null>> {
    const read = await this.etcd.txn('lease holder', [], [op.get(this.key(KEYS.leader)), op.get(this.key(KEYS.fence))]);
    if (!read.ok) return read;
    const leader = rangeResult(read.value, 0);
    const fence = rangeResult(read.value, 1);
    return ok(leader === null ? null : { holder: leader.value.toString('utf8'), token: Number(fence?.mod_revision ?? 0) });
  }

  /** The newest stored generation without reading its plan (status, the Enactors' watch). */
  async latestGeneration(): Promise<Result<number | null>> {
    const read = await this.etcd.txn('latest generation', [], [op.get(this.key(KEYS.latest))]);
    if (!read.ok) return read;
    const kv = rangeResult(read.value, 0);
    return ok(kv === null ? null : parseGeneration(kv.value.toString('utf8')));
  }

  private key(path: string): Buffer {
    return this.etcd.key(path);
  }

  /** No campaign key: create it on a new lease, and the fence with it, unless someone was quicker. */
  private async campaign(holder: string, ttlMs: number, fence: KeyValue | null): Promise<Result<LeaseGrant> | 'raced'> {
    const lease = await this.etcd.grantLease(Math.ceil(ttlMs / 1_000));
    if (!lease.ok) return lease;
    const ttlGrantedMs = lease.value.ttlSeconds * 1_000;
    // The same holder coming back to an expired lease nobody took over keeps its token (the fence
    // still names it); anyone else moves the fence, and so the token.
    const keepsToken = fence !== null && fence.value.toString('utf8') === holder;
    const fenceRevision = fence?.mod_revision ?? 0;
    const written = await this.etcd.txn('campaign',
      [compare.absent(this.key(KEYS.leader)), compare.modRevision(this.key(KEYS.fence), fenceRevision)],
      keepsToken ? [op.put(this.key(KEYS.leader), holder, lease.value.id)] : [op.put(this.key(KEYS.leader), holder, lease.value.id), op.put(this.key(KEYS.fence), holder)]);
    if (!written.ok || !written.value.succeeded) {
      // Best effort: an unused lease expires by itself anyway.
      await this.etcd.revokeLease(lease.value.id);
      return written.ok ? 'raced' : written;
    }
    const token = keepsToken ? Number(fenceRevision) : Number(written.value.header.revision);
    return ok({ holder, token, ttlMs: ttlGrantedMs });
  }

  /** The caller holds the campaign key: keep its lease alive; the token is the fence's revision. */
  private async renew(holder: string, leader: KeyValue, fence: KeyValue | null): Promise<Result<LeaseGrant> | 'raced'> {
    // They are written together; a difference is a hand edit, reported like any damage.
    if (fence === null || fence.value.toString('utf8') !== holder) {
      return damaged(`${KEYS.leader} names ${holder} but ${KEYS.fence} names ${fence?.value.toString('utf8') ?? 'nobody'}; delete ${KEYS.leader} (etcdctl del) so the Planners campaign again`);
    }
    const alive = await this.etcd.keepAliveOnce(leader.lease);
    if (!alive.ok) return alive;
    // Expired between the read and the keepalive: campaign again.
    if (alive.value === 0) return 'raced';
    return ok({ holder, token: Number(fence.mod_revision), ttlMs: alive.value * 1_000 });
  }

  private async held(leader: KeyValue, fence: KeyValue | null): Promise<Result<LeaseGrant>> {
    const remaining = await this.etcd.leaseRemainingSeconds(leader.lease);
    const left = remaining.ok && remaining.value >= 0 ? `${remaining.value * 1_000} ms` : 'an unknown time';
    return failure('held', `planner lease is held by ${leader.value.toString('utf8')} (token ${fence?.mod_revision ?? 'none'}) for another ${left} (etcd lease ${leader.lease})`, true);
  }

  private async tryCreate(plan: Plan, head: Head, content: { readonly body: Buffer } | { readonly chunkKeys: readonly Buffer[] }, token: number): Promise<Result<void> | 'raced'> {
    const read = await this.etcd.txn('create (read)', [], [op.get(this.key(KEYS.fence)), op.get(this.key(KEYS.highWater))]);
    if (!read.ok) return read;
    const fence = rangeResult(read.value, 0);
    // Fencing is decided first: a Planner that lost the lease must step down whatever it wrote.
    if (fence === null || token <= 0 || Number(fence.mod_revision) !== token) return fencedFailure(fence, token);
    const highWaterKv = rangeResult(read.value, 1);
    const highWater = this.parseHighWater(highWaterKv);
    if (!highWater.ok) return highWater;
    if (plan.generation <= highWater.value) {
      return failure('exists', `generation ${plan.generation} is not above the highest generation created so far (${highWater.value})`, false);
    }
    const g = String(plan.generation);
    // A chunked body commits with its head: every chunk must still be there (its lease has not
    // run out), and each is taken off the lease in the same txn.
    const chunkKeys = 'chunkKeys' in content ? content.chunkKeys : [];
    const bodyOps = 'body' in content ? [op.put(this.key(KEYS.body(plan.generation)), content.body)] : chunkKeys.map((key) => op.detachLease(key));
    const written = await this.etcd.txn('create',
      [compare.modRevision(this.key(KEYS.fence), token), compare.modRevision(this.key(KEYS.highWater), highWaterKv?.mod_revision ?? 0), ...chunkKeys.map((key) => compare.present(key))],
      [op.put(this.key(KEYS.head(plan.generation)), JSON.stringify(head)), ...bodyOps, op.put(this.key(KEYS.highWater), g), op.put(this.key(KEYS.latest), g)]);
    if (!written.ok) return written;
    if (!written.value.succeeded) {
      if (chunkKeys.length === 0) return 'raced';
      // A missing chunk is not a race to retry: the upload expired (a very slow writer).
      const present = await this.etcd.txn('create (chunks present)', chunkKeys.map((key) => compare.present(key)), []);
      if (present.ok && !present.value.succeeded) return failure('unavailable', `plan ${plan.generation}: its upload expired before the commit (more than ${PLAN_UPLOAD_LEASE_S} s); retry`, true);
      return 'raced';
    }
    this.holdLatest(plan);
    return ok(undefined);
  }

  private async tryDelete(generation: Generation): Promise<Result<void> | 'raced'> {
    const pointer = await this.etcd.txn('delete (read)', [], [op.get(this.key(KEYS.latest))]);
    if (!pointer.ok) return pointer;
    const latestKv = rangeResult(pointer.value, 0);
    const chunks = this.key(KEYS.chunks(generation));
    const removes = [op.delete(this.key(KEYS.head(generation))), op.delete(this.key(KEYS.body(generation))), op.deleteRange(chunks, prefixEnd(chunks))];
    if (latestKv === null || parseGeneration(latestKv.value.toString('utf8')) !== generation) {
      // Not the newest: a concurrent create only moves the pointer further away from it.
      const removed = await this.etcd.txn('delete', [], removes);
      return removed.ok ? ok(undefined) : removed;
    }
    // Deleting the newest: the pointer moves to the next highest, unless a create moved it first.
    const listed = await this.list();
    if (!listed.ok) return listed;
    const next = listed.value.filter((info) => info.generation < generation).at(-1);
    const moved = next === undefined ? op.delete(this.key(KEYS.latest)) : op.put(this.key(KEYS.latest), String(next.generation));
    const removed = await this.etcd.txn('delete', [compare.modRevision(this.key(KEYS.latest), latestKv.mod_revision)], [...removes, moved]);
    if (!removed.ok) return removed;
    if (!removed.value.succeeded) return 'raced';
    if (this.cachedLatest?.generation === generation) this.holdLatest(null);
    return ok(undefined);
  }

  private parseHighWater(kv: KeyValue | null): Result<number> {
    if (kv === null) return ok(0);
    const highWater = parseGeneration(kv.value.toString('utf8'));
    if (highWater === null) return damaged(`${KEYS.highWater} holds '${kv.value.toString('utf8')}', not a generation; set it to at least the highest generation any Enactor applied (docs/stores.md)`);
    return ok(highWater);
  }
}

function parseGeneration(text: string): number | null {
  if (!/^[0-9]{1,16}$/.test(text)) return null;
  const value = Number(text);
  return Number.isSafeInteger(value) && value > 0 ? value : null;
}

function parseHead(value: Buffer): Head | null {
  try {
    const head = JSON.parse(value.toString('utf8')) as Partial<Head> | null;
    if (head === null || typeof head.digest !== 'string' || !Number.isSafeInteger(head.createdAtMs) || typeof head.note !== 'string' || typeof head.encoding !== 'string') return null;
    const base = { digest: head.digest, createdAtMs: head.createdAtMs as number, note: head.note, encoding: head.encoding };
    if (head.chunks === undefined) return base;
    const c = head.chunks as Partial<ChunkedBody> | null;
    if (c === null || typeof c.upload !== 'string' || !/^[0-9a-f-]{36}$/.test(c.upload) || !Number.isSafeInteger(c.count) || (c.count as number) < 1 || (c.count as number) > PLAN_CHUNKS_MAX) return null;
    if (!Number.isSafeInteger(c.bytes) || typeof c.sha256 !== 'string') return null;
    return { ...base, chunks: { upload: c.upload, count: c.count as number, bytes: c.bytes as number, sha256: c.sha256 } };
  } catch {
    return null;
  }
}

/** The same 'fenced' Failure as the record-based stores: the fence key is the lease record's holder and token. */
function fencedFailure(fence: KeyValue | null, token: number): Result<never> {
  return fenced({ holder: fence?.value.toString('utf8') ?? '', token: Number(fence?.mod_revision ?? 0), ttlMs: 0, expiresAtMs: 0 }, token);
}

function damaged(message: string): Result<never> {
  return failure('corrupt', `plan store damaged: ${message}`, true);
}
