/** Pure parts of the RFC 2136 provider: the UPDATE it builds, the rcode table, TSIG key loading. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { updateOutcome, type TsigCheck } from '../../../src/adapters/dns-rfc2136/response-outcome.js';
import { loadTsigKey } from '../../../src/adapters/dns-rfc2136/tsig-secret.js';
import { buildFencedUpdate } from '../../../src/adapters/dns-rfc2136/update-message.js';
import { formatFence, rawOfFence } from '../../../src/core/model/fence.js';
import { materialiseTopByWeight } from '../../../src/core/model/served.js';
import { endpointName, loadBalancerId } from '../../../src/core/model/ids.js';
import { ExtendedRcode, Opcode, RRClass, RRType, Rcode, encodeMessage, parseMessage } from '../../../src/dns-wire/index.js';
import { fenceAt, recordsOf } from '../../contract/dns-provider.contract.js';

describe('buildFencedUpdate', () => {
  const name = endpointName('api.example.test.');
  it('first write: "fence RRset does not exist" prerequisite, then delete and add A, AAAA and the fence', () => {
    const message = buildFencedUpdate('example.test.', [{ endpoint: name, expectedFence: null, newFence: fenceAt(1), records: recordsOf(['192.0.2.1'], ['2001:db8::1']) }], 7);
    expect(message.header.opcode).toBe(Opcode.UPDATE);
    expect(message.questions).toEqual([{ name: 'example.test.', type: RRType.SOA, class: RRClass.IN }]);
    expect(message.answers).toEqual([{ name: '_dnsplane.api.example.test.', type: RRType.TXT, class: RRClass.NONE, ttl: 0, data: { kind: 'empty' } }]);
    expect(message.authorities.map((rr) => [rr.name, rr.type, rr.class])).toEqual([
      [name, RRType.A, RRClass.ANY], [name, RRType.AAAA, RRClass.ANY], [name, RRType.A, RRClass.IN], [name, RRType.AAAA, RRClass.IN],
      ['_dnsplane.api.example.test.', RRType.TXT, RRClass.ANY], ['_dnsplane.api.example.test.', RRType.TXT, RRClass.IN],
    ]);
    expect(message.authorities.at(-1)!.data).toEqual({ kind: 'TXT', strings: [formatFence(fenceAt(1))] });
    expect(parseMessage(encodeMessage(message)).ok).toBe(true);
  });
  it('later write: value-dependent "fence RRset exists" prerequisite with the exact value read, TTL 0', () => {
    const message = buildFencedUpdate('example.test.', [{ endpoint: name, expectedFence: rawOfFence(fenceAt(4)), newFence: fenceAt(5), records: recordsOf(['192.0.2.1']) }], 7);
    expect(message.answers).toEqual([{ name: '_dnsplane.api.example.test.', type: RRType.TXT, class: RRClass.IN, ttl: 0, data: { kind: 'TXT', strings: [formatFence(fenceAt(4))] } }]);
  });
  it('the prerequisite carries the fence RRset as read: its records and their character-strings, never a re-rendering', () => {
    const read = [['gen=07 digest=00 by=x', ''], ['gen=8', ' digest=01 by=y']];
    const message = buildFencedUpdate('example.test.', [{ endpoint: name, expectedFence: read, newFence: fenceAt(9), records: recordsOf(['192.0.2.1']) }], 7);
    expect(message.answers.map((rr) => [rr.class, rr.ttl, rr.data])).toEqual(read.map((strings) => [RRClass.IN, 0, { kind: 'TXT', strings }]));
    expect(message.authorities.at(-1)!.data).toEqual({ kind: 'TXT', strings: [formatFence(fenceAt(9))] });
  });
  it('writes the top answersMax addresses per family by weight, exactly what materialise reports', () => {
    const addresses = [['192.0.2.3', 1], ['192.0.2.1', 5], ['192.0.2.2', 5], ['192.0.2.9', 9]] as const;
    const records = { ttlSeconds: 5, answersMax: 3, addresses: addresses.map(([address, weight]) => ({ loadBalancer: loadBalancerId(address), family: 'A' as const, address, weight })) };
    const message = buildFencedUpdate('example.test.', [{ endpoint: name, expectedFence: null, newFence: fenceAt(1), records }], 7);
    const added = message.authorities.filter((rr) => rr.class === RRClass.IN && rr.type === RRType.A).map((rr) => (rr.data.kind === 'A' ? rr.data.address : ''));
    expect(added).toEqual(['192.0.2.9', '192.0.2.1', '192.0.2.2']);
    expect(materialiseTopByWeight(records).addresses.map((a) => a.address)).toEqual(added);
  });
});

describe('updateOutcome: rcode table', () => {
  const verified: TsigCheck = { kind: 'verified' };
  const facts = (rcode: number, tsig: TsigCheck = verified) => ({ rcode, tsig, server: '127.0.0.1:53', zone: 'example.test.', keyName: 'dnsplane-key.', endpoints: 3 });
  const cases: [string, number, TsigCheck, string][] = [
    ['NOERROR signed', Rcode.NOERROR, verified, 'applied'],
    ['NOERROR unsigned', Rcode.NOERROR, { kind: 'unsigned' }, 'tsig/false'],
    ['NXRRSET', Rcode.NXRRSET, verified, 'conflict'],
    ['YXRRSET', Rcode.YXRRSET, verified, 'conflict'],
    ['NXDOMAIN', Rcode.NXDOMAIN, verified, 'conflict'],
    ['YXDOMAIN', Rcode.YXDOMAIN, verified, 'conflict'],
    ['NOTAUTH', Rcode.NOTAUTH, { kind: 'unsigned' }, 'config/false'],
    ['REFUSED', Rcode.REFUSED, { kind: 'unsigned' }, 'config/false'],
    ['NOTZONE', Rcode.NOTZONE, verified, 'config/false'],
    ['NOTIMP', Rcode.NOTIMP, verified, 'config/false'],
    ['FORMERR', Rcode.FORMERR, verified, 'config/false'],
    ['SERVFAIL', Rcode.SERVFAIL, verified, 'unavailable/true'],
    ['BADSIG from server', Rcode.NOTAUTH, { kind: 'bad', error: ExtendedRcode.BADSIG, reason: '' }, 'config/false'],
    ['BADKEY from server', Rcode.NOTAUTH, { kind: 'bad', error: ExtendedRcode.BADKEY, reason: '' }, 'config/false'],
    ['BADTIME from server', Rcode.NOTAUTH, { kind: 'bad', error: ExtendedRcode.BADTIME, reason: '' }, 'config/false'],
    ['response MAC does not verify', Rcode.NOERROR, { kind: 'bad', error: 0, reason: 'bad signature' }, 'tsig/false'],
  ];
  for (const [label, rcode, tsig, expected] of cases) {
    it(label, () => {
      const outcome = updateOutcome(facts(rcode, tsig));
      const got = outcome.ok ? outcome.value.kind : `${outcome.code}/${outcome.retryable}`;
      expect(got).toBe(expected);
    });
  }
});

describe('loadTsigKey', () => {
  const secret = Buffer.from('a-secret-of-thirty-two-bytes-000').toString('base64');
  const withDir = <T>(body: (dir: string) => T): T => {
    const dir = mkdtempSync(join(tmpdir(), 'dnsplane-tsig-'));
    try { return body(dir); } finally { rmSync(dir, { recursive: true, force: true }); }
  };
  it('reads a bare secret file, a BIND key clause, or an environment variable', () => withDir((dir) => {
    writeFileSync(join(dir, 'bare'), `${secret}\n`);
    writeFileSync(join(dir, 'bind'), `key "dnsplane-key" {\n\talgorithm hmac-sha256;\n\tsecret "${secret}";\n};\n`);
    for (const source of [{ secretFile: join(dir, 'bare') }, { secretFile: join(dir, 'bind') }, { secretEnv: 'DNSPLANE_TEST_TSIG' }]) {
      const key = loadTsigKey({ name: 'dnsplane-key', algorithm: 'hmac-sha256', ...source }, { DNSPLANE_TEST_TSIG: secret });
      expect(key.ok && Buffer.from(key.value.secret).toString('base64')).toBe(secret);
      expect(key.ok && key.value.name).toBe('dnsplane-key.');
    }
  }));
  it('reports a missing file, an unset variable, bad base64, a short secret and both sources, never showing the secret', () => withDir((dir) => {
    const notBase64 = `${secret.slice(0, 20)}!!not base64!!`;
    writeFileSync(join(dir, 'bad'), notBase64);
    writeFileSync(join(dir, 'short'), Buffer.from('short').toString('base64'));
    const results = [
      loadTsigKey({ name: 'k', algorithm: 'hmac-sha256', secretFile: join(dir, 'missing') }),
      loadTsigKey({ name: 'k', algorithm: 'hmac-sha256', secretEnv: 'UNSET_VAR' }, {}),
      loadTsigKey({ name: 'k', algorithm: 'hmac-sha256', secretFile: join(dir, 'bad') }),
      loadTsigKey({ name: 'k', algorithm: 'hmac-sha256', secretFile: join(dir, 'short') }),
      loadTsigKey({ name: 'k', algorithm: 'hmac-sha256', secretFile: join(dir, 'bad'), secretEnv: 'X' }, { X: secret }),
      loadTsigKey({ name: 'k', algorithm: 'hmac-sha256', secretEnv: 'BAD' }, { BAD: notBase64 }),
    ];
    const messages = results.map((r) => (r.ok ? 'ok' : `${r.code}: ${r.message}`));
    expect(messages).toEqual([
      expect.stringMatching(/^config: cannot read TSIG secret file .*missing \(ENOENT\)$/),
      'config: TSIG secret environment variable UNSET_VAR is not set',
      expect.stringMatching(/^config: TSIG key k: the secret in file .*bad is not valid base64$/),
      expect.stringMatching(/shorter than 16 bytes$/),
      'config: TSIG key k: give exactly one of secretFile or secretEnv',
      'config: TSIG key k: the secret in environment variable BAD is not valid base64',
    ]);
    for (const message of messages) {
      expect(message).not.toContain(secret);
      expect(message).not.toContain(notBase64.slice(0, 20));
    }
  }));
});
