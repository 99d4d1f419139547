/**
 * Runs the embedded server as a process of its own (benchmarks, chaos tests, tools):
 *
 *   node dist/src/dns-server/standalone.js CONFIG.json
 *
 * CONFIG: { origin, listen: { host, port }, dataDir, workers? (default: one per core), tsig?: [{ name, algorithm, secret }],
 *           records?: [{ name, type: 'A' | 'AAAA' | 'TXT', ttl?, value }] }
 * `records` are written once at start (one transaction) when the zone does not hold them yet.
 * Prints `port N` when it answers; SIGTERM closes it cleanly.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { systemRandom } from '../adapters/random-system/system-random.js';
import { RRType, canonicalName, tsigKey } from '../dns-wire/index.js';
import { startEmbeddedDns } from './server.js';
/** The worker pool's own bound (workers.ts). */
const WORKERS_DEFAULT_MAX = 64;
const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const dns = await startEmbeddedDns({
    origin: config.origin,
    listen: config.listen,
    dataDir: config.dataDir,
    tsigKeys: (config.tsig ?? []).map((k) => tsigKey(k.name, k.algorithm, k.secret)),
    random: systemRandom,
    // As many answering processes as cores: one Node process is bound by its per-datagram cost.
    workers: config.workers ?? Math.min(WORKERS_DEFAULT_MAX, availableParallelism()),
});
seedRecords(config);
await dns.replicated();
process.stdout.write(`port ${dns.port}\n`);
process.once('SIGTERM', () => {
    void dns.close().then(() => process.exit(0));
});
function seedRecords(cfg) {
    const byKey = new Map();
    for (const record of cfg.records ?? []) {
        const type = RRType[record.type];
        const name = canonicalName(record.name);
        const data = record.type === 'TXT' ? { kind: 'TXT', strings: [record.value] } : { kind: record.type, address: record.value };
        const entry = byKey.get(`${name}|${type}`) ?? { name, type, ttl: record.ttl ?? 60, rdatas: [] };
        entry.rdatas.push(data);
        byKey.set(`${name}|${type}`, entry);
    }
    const outcome = dns.zone.transact((zone) => {
        const changes = [];
        for (const entry of byKey.values()) {
            if (zone.rrset(entry.name, entry.type) !== undefined)
                continue;
            changes.push({ name: entry.name, type: entry.type, rrset: { type: entry.type, ttl: entry.ttl, rdatas: entry.rdatas } });
        }
        return { changes, result: changes.length };
    });
    if (!outcome.ok)
        throw new Error(`seeding the zone failed: ${outcome.reason}`);
}
//# sourceMappingURL=standalone.js.map