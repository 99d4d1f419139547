/**
 * The fuzz targets: each takes one input and throws only when it found a bug. They run under
 * fast-check (fuzz.test.ts: a short bounded pass in CI; run.ts: `npm run fuzz -- --minutes N`).
 * Coverage-guided fuzzing with @jazzer.js/core was the plan, but its native part installs only by
 * downloading a prebuilt binary from outside the npm registry (or building it with `prebuild` and
 * cmake), which this machine cannot: so inputs are the corpus in test/fuzz/corpus mutated at
 * random (bit flips, byte changes, insertions, deletions, cuts, splices) plus raw random bytes.
 *
 *   wire-parser     parseMessage never throws; what it accepts encodes (or is refused with a
 *                   RangeError) and re-parses
 *   update-handler  the whole packet path of the server (TSIG, policy, UPDATE, transfer, query),
 *                   the mutated UPDATE re-signed so it gets past the signature: never throws,
 *                   every reply parses, the apex SOA and NS survive
 *   config-loader   parseConfigText never throws, on YAML and JSON
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SeededRandom } from '../../src/adapters/random-seeded/seeded-random.js';
import { parseConfigText } from '../../src/app/config/index.js';
import { RRType, encodeMessage, parseMessage, signMessage, tsigKey } from '../../src/dns-wire/index.js';
import { createProcessor } from '../../src/dns-server/server.js';
import { ZoneStore } from '../../src/dns-server/zone-store.js';

export const CORPUS_DIR = new URL('./corpus/', import.meta.url).pathname;

export function corpus(kind: 'wire' | 'config'): Uint8Array[] {
  const dir = join(CORPUS_DIR, kind);
  return readdirSync(dir).sort().map((file) => new Uint8Array(readFileSync(join(dir, file))));
}

export function fuzzWireParser(input: Uint8Array): void {
  const parsed = parseMessage(input);
  if (!parsed.ok) return;
  let encoded: Uint8Array;
  try {
    encoded = encodeMessage(parsed.value.message);
  } catch (error) {
    if (error instanceof RangeError) return; // e.g. rdata over 65,535 bytes: refused by design
    throw error;
  }
  const again = parseMessage(encoded);
  if (!again.ok) throw new Error(`a parsed message re-encoded does not parse: ${again.error.reason}`);
}

export const FUZZ_KEY_SECRET = Buffer.alloc(32, 5).toString('base64');
const ENACTOR_KEY = tsigKey('enactor-key', 'hmac-sha256', FUZZ_KEY_SECRET);
const OPERATOR_KEY = tsigKey('ops-key', 'hmac-sha256', Buffer.alloc(32, 6).toString('base64'));
const NOW_MS = 1_800_000_000_000;

/** One server's packet path, in memory (no sockets: the target is the logic, not the kernel). */
export function updateTarget(): (input: Uint8Array, signWith: 0 | 1 | 2) => void {
  const zone = new ZoneStore({ origin: 'example.test.', dataDir: null });
  const processor = createProcessor(zone, {
    random: new SeededRandom(1), tsigKeys: [ENACTOR_KEY, OPERATOR_KEY], nowMs: () => NOW_MS, log: () => undefined,
    updatePolicy: { grants: new Map([['enactor-key', 'managed'], ['ops-key', 'unmanaged']]), managedNames: new Set(['api.example.test.']) },
    updateRecordsMax: 6000, transfer: { keys: ['ops-key'], notify: [] },
  });
  zone.onCommit((commit) => processor.invalidate(commit.changes.map((change) => change.name)));
  return (input, signWith) => {
    let bytes = input;
    if (signWith !== 0 && input.length >= 12) {
      try {
        bytes = signMessage(input, signWith === 1 ? ENACTOR_KEY : OPERATOR_KEY, { timeSignedSeconds: Math.floor(NOW_MS / 1000) }).wire;
      } catch {
        bytes = input; // not signable (counts overflow): sent as it is
      }
    }
    for (const transport of ['udp', 'tcp'] as const) {
      const reply = processor.process(bytes, transport);
      if (reply instanceof Promise) throw new Error('the in-process path answered asynchronously');
      if (reply !== null && !parseMessage(reply).ok) throw new Error(`a reply does not parse (${transport})`);
    }
    const reader = zone.reader;
    if (reader.rrset(reader.origin, RRType.SOA) === undefined) throw new Error('the apex SOA is gone');
    if (reader.rrset(reader.origin, RRType.NS) === undefined) throw new Error('the apex NS is gone');
  };
}

export function fuzzConfigLoader(input: Uint8Array): void {
  const text = Buffer.from(input).toString('utf8');
  parseConfigText(text, 'fuzz.yaml');
  parseConfigText(text, 'fuzz.json');
}
