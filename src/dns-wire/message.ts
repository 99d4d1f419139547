/**
 * The DNS message as data. Names are absolute presentation strings with a trailing dot
 * ("api.example.test."), the root is "."; bytes that are not plain printable ASCII, and the
 * characters '.' and '\' inside a label, are escaped as in zone files (\DDD, \., \\).
 * TXT character-strings are decoded as latin1 so that every byte round-trips exactly.
 */
export interface DnsHeader {
  readonly id: number;
  readonly qr: boolean;
  readonly opcode: number;
  readonly aa: boolean;
  readonly tc: boolean;
  readonly rd: boolean;
  readonly ra: boolean;
  readonly ad: boolean;
  readonly cd: boolean;
  /** The low 4 bits of the rcode (the high bits travel in OPT). */
  readonly rcode: number;
}

export interface Question {
  readonly name: string;
  readonly type: number;
  readonly class: number;
}

export interface SoaData {
  readonly kind: 'SOA';
  readonly mname: string;
  readonly rname: string;
  readonly serial: number;
  readonly refresh: number;
  readonly retry: number;
  readonly expire: number;
  readonly minimum: number;
}

export interface TsigData {
  readonly kind: 'TSIG';
  readonly algorithm: string;
  /** Seconds since the epoch (48 bits on the wire). */
  readonly timeSigned: number;
  readonly fudge: number;
  readonly mac: Uint8Array;
  readonly originalId: number;
  readonly error: number;
  readonly otherData: Uint8Array;
}

export interface EdnsOption {
  readonly code: number;
  readonly data: Uint8Array;
}

export type RData =
  | { readonly kind: 'A'; readonly address: string }
  | { readonly kind: 'AAAA'; readonly address: string }
  | { readonly kind: 'TXT'; readonly strings: readonly string[] }
  | { readonly kind: 'NS'; readonly host: string }
  | { readonly kind: 'CNAME'; readonly host: string }
  | SoaData
  | TsigData
  | { readonly kind: 'OPT'; readonly options: readonly EdnsOption[] }
  /** rdlength 0: RFC 2136 deletions and prerequisites carry no data. */
  | { readonly kind: 'empty' }
  /** A type this codec does not interpret: kept byte for byte. */
  | { readonly kind: 'raw'; readonly bytes: Uint8Array };

export interface ResourceRecord {
  readonly name: string;
  readonly type: number;
  /** For OPT: the requester's UDP payload size. */
  readonly class: number;
  /** For OPT: extended rcode, version and flags. */
  readonly ttl: number;
  readonly data: RData;
}

export interface DnsMessage {
  readonly header: DnsHeader;
  /** In an UPDATE: the zone section. */
  readonly questions: readonly Question[];
  /** In an UPDATE: the prerequisite section. */
  readonly answers: readonly ResourceRecord[];
  /** In an UPDATE: the update section. */
  readonly authorities: readonly ResourceRecord[];
  readonly additionals: readonly ResourceRecord[];
}

export const EMPTY_HEADER: DnsHeader = {
  id: 0, qr: false, opcode: 0, aa: false, tc: false, rd: false, ra: false, ad: false, cd: false, rcode: 0,
};

export function makeQuery(id: number, name: string, type: number, options: { rd?: boolean; class?: number } = {}): DnsMessage {
  return {
    header: { ...EMPTY_HEADER, id, rd: options.rd ?? false },
    questions: [{ name, type, class: options.class ?? 1 }],
    answers: [],
    authorities: [],
    additionals: [],
  };
}

/** Lower-cases ASCII letters only: DNS names compare case-insensitively on ASCII (RFC 4343). */
export function canonicalName(name: string): string {
  return name.toLowerCase();
}

/** True when `name` is `origin` or below it (both absolute, compared canonically). */
export function isInZone(name: string, origin: string): boolean {
  const n = canonicalName(name);
  const o = canonicalName(origin);
  if (o === '.') return true;
  return n === o || n.endsWith(`.${o}`);
}
