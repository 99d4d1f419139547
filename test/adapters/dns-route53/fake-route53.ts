/**
 * A FAKE Route 53 hosted zone behind the SDK's requestHandler: it receives the HTTP requests the
 * real @aws-sdk/client-route-53 builds (serialised, signed) and answers with the XML Route 53
 * documents, which the real SDK then parses — so serialisation, error mapping and our handling
 * of each error are exercised without network. It is not Route 53: its semantics are the
 * documented ones this provider relies on, nothing more: a change batch is atomic and its changes
 * apply in order; a DELETE must match the live set exactly — TTL, weight and every Value compared
 * as text, as Route 53 does (`"a" "b"` and `"ab"`, or an escaped spelling of the same bytes,
 * differ); CREATE fails when the set exists; a simple and a weighted set cannot share a name and
 * type; names list in reversed-label order.
 */
export interface FakeRecordSet {
  name: string;
  type: string;
  setIdentifier?: string;
  weight?: number;
  ttl: number;
  values: string[];
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly body: string;
}

interface CannedResponse {
  readonly statusCode: number;
  readonly body: string;
}

interface SdkHttpRequest {
  readonly method: string;
  readonly path: string;
  readonly query?: Record<string, string | string[] | null>;
  readonly headers: Record<string, string>;
  readonly body?: unknown;
}

const NS = 'https://route53.amazonaws.com/doc/2013-04-01/';

export function errorXml(code: string, message: string, type = 'Sender'): string {
  return `<?xml version="1.0"?>\n<ErrorResponse xmlns="${NS}"><Error><Type>${type}</Type><Code>${code}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>req-1</RequestId></ErrorResponse>`;
}

export function invalidChangeBatchXml(messages: readonly string[]): string {
  return `<?xml version="1.0"?>\n<InvalidChangeBatch xmlns="${NS}"><Messages>${messages.map((m) => `<Message>${escapeXml(m)}</Message>`).join('')}</Messages><RequestId>req-2</RequestId></InvalidChangeBatch>`;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function unescapeXml(text: string): string {
  return text.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16))).replace(/&amp;/g, '&');
}

function tag(xml: string, name: string): string | undefined {
  const match = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml);
  return match ? unescapeXml(match[1]!) : undefined;
}

function normalise(name: string): string {
  return (name.endsWith('.') ? name : `${name}.`).toLowerCase();
}

function sortKey(set: FakeRecordSet): string {
  return `${normalise(set.name).split('.').reverse().join('.')}\u0000${set.type}\u0000${set.setIdentifier ?? ''}`;
}

function setKey(set: { name: string; type: string; setIdentifier?: string | undefined }): string {
  return `${normalise(set.name)} ${set.type} ${set.setIdentifier ?? ''}`;
}

export class FakeRoute53 {
  readonly sets = new Map<string, FakeRecordSet>();
  readonly requests: RecordedRequest[] = [];
  /** Served (in order) before normal handling: throttling, outages, ... */
  readonly canned: CannedResponse[] = [];
  /** GetChange answers PENDING this many times before INSYNC. */
  pendingPolls = 0;
  /** Answer refused batches with the bare <InvalidChangeBatch> document instead of ErrorResponse. */
  bareInvalidChangeBatch = false;
  private changeCounter = 0;

  constructor(readonly hostedZoneId: string) {}

  put(set: FakeRecordSet): void {
    this.sets.set(setKey(set), { ...set, name: normalise(set.name) });
  }

  readonly requestHandler = {
    handle: async (request: SdkHttpRequest) => {
      const body = typeof request.body === 'string' ? request.body : request.body instanceof Uint8Array ? Buffer.from(request.body).toString('utf8') : '';
      const query: Record<string, string> = {};
      for (const [k, v] of Object.entries(request.query ?? {})) if (typeof v === 'string') query[k] = v;
      this.requests.push({ method: request.method, path: request.path, query, body });
      const canned = this.canned.shift();
      const answer = canned ?? this.route(request.method, request.path, query, body);
      return { response: { statusCode: answer.statusCode, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': 'req' }, body: new TextEncoder().encode(answer.body) } };
    },
  };

  private route(method: string, path: string, query: Record<string, string>, body: string): CannedResponse {
    const zonePath = `/2013-04-01/hostedzone/${this.hostedZoneId}/rrset`;
    if (method === 'POST' && path.startsWith(zonePath)) return this.change(body);
    if (method === 'GET' && path.startsWith(zonePath)) return this.list(query);
    if (method === 'GET' && path.startsWith('/2013-04-01/change/')) return this.getChange(path.split('/').pop()!);
    if (path.includes('/hostedzone/')) return { statusCode: 404, body: errorXml('NoSuchHostedZone', `No hosted zone found with ID: ${path.split('/')[3]}`) };
    return { statusCode: 400, body: errorXml('InvalidInput', `unexpected ${method} ${path}`) };
  }

  private change(body: string): CannedResponse {
    const working = new Map(this.sets);
    const messages: string[] = [];
    for (const [, changeXml] of body.matchAll(/<Change>([\s\S]*?)<\/Change>/g)) {
      const action = tag(changeXml!, 'Action')!;
      const set: FakeRecordSet = {
        name: normalise(tag(changeXml!, 'Name')!), type: tag(changeXml!, 'Type')!, ttl: Number(tag(changeXml!, 'TTL') ?? 0),
        values: [...changeXml!.matchAll(/<Value>([\s\S]*?)<\/Value>/g)].map((m) => unescapeXml(m[1]!)),
      };
      const identifier = tag(changeXml!, 'SetIdentifier');
      if (identifier !== undefined) set.setIdentifier = identifier;
      const weight = tag(changeXml!, 'Weight');
      if (weight !== undefined) set.weight = Number(weight);
      const key = setKey(set);
      const live = working.get(key);
      const label = `[name='${set.name}', type='${set.type}'${identifier !== undefined ? `, set-identifier='${identifier}'` : ''}]`;
      const mixed = action !== 'DELETE' && mixesRoutingPolicies(working, set);
      if (mixed) {
        messages.push(`RRSet ${label} cannot be created because a set with the same name and type and another routing policy exists`);
      } else if (action === 'CREATE') {
        if (live !== undefined) messages.push(`Tried to create resource record set ${label} but it already exists`);
        else working.set(key, set);
      } else if (action === 'DELETE') {
        if (live === undefined) messages.push(`Tried to delete resource record set ${label} but it was not found`);
        else if (!sameSet(live, set)) messages.push(`Tried to delete resource record set ${label} but the values provided do not match the current values`);
        else working.delete(key);
      } else if (action === 'UPSERT') {
        working.set(key, set);
      } else {
        messages.push(`unknown action ${action}`);
      }
    }
    // Route 53 reports a refused batch as an ErrorResponse with code InvalidChangeBatch and the
    // messages in brackets; its API reference also shows a bare <InvalidChangeBatch> document.
    if (messages.length > 0) {
      return { statusCode: 400, body: this.bareInvalidChangeBatch ? invalidChangeBatchXml(messages) : errorXml('InvalidChangeBatch', `[${messages.join(', ')}]`) };
    }
    this.sets.clear();
    for (const [key, set] of working) this.sets.set(key, set);
    const id = `C${++this.changeCounter}`;
    return { statusCode: 200, body: `<?xml version="1.0" encoding="UTF-8"?>\n<ChangeResourceRecordSetsResponse xmlns="${NS}"><ChangeInfo><Id>/change/${id}</Id><Status>PENDING</Status><SubmittedAt>2025-10-20T00:00:00.000Z</SubmittedAt></ChangeInfo></ChangeResourceRecordSetsResponse>` };
  }

  private list(query: Record<string, string>): CannedResponse {
    const maxItems = Number(query['maxitems'] ?? 300);
    const all = [...this.sets.values()].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1));
    const startKey = query['name'] !== undefined ? sortKey({ name: query['name'], type: query['type'] ?? '', setIdentifier: query['identifier'] ?? '', ttl: 0, values: [] }) : '';
    const from = all.filter((s) => sortKey(s) >= startKey);
    const page = from.slice(0, maxItems);
    const next = from[maxItems];
    const sets = page.map((s) => `<ResourceRecordSet><Name>${escapeXml(s.name)}</Name><Type>${s.type}</Type>${s.setIdentifier !== undefined ? `<SetIdentifier>${escapeXml(s.setIdentifier)}</SetIdentifier>` : ''}${s.weight !== undefined ? `<Weight>${s.weight}</Weight>` : ''}<TTL>${s.ttl}</TTL><ResourceRecords>${s.values.map((v) => `<ResourceRecord><Value>${escapeXml(v)}</Value></ResourceRecord>`).join('')}</ResourceRecords></ResourceRecordSet>`).join('');
    const more = next === undefined ? '<IsTruncated>false</IsTruncated>'
      : `<IsTruncated>true</IsTruncated><NextRecordName>${escapeXml(next.name)}</NextRecordName><NextRecordType>${next.type}</NextRecordType>${next.setIdentifier !== undefined ? `<NextRecordIdentifier>${escapeXml(next.setIdentifier)}</NextRecordIdentifier>` : ''}`;
    return { statusCode: 200, body: `<?xml version="1.0" encoding="UTF-8"?>\n<ListResourceRecordSetsResponse xmlns="${NS}"><ResourceRecordSets>${sets}</ResourceRecordSets>${more}<MaxItems>${maxItems}</MaxItems></ListResourceRecordSetsResponse>` };
  }

  private getChange(id: string): CannedResponse {
    const status = this.pendingPolls > 0 ? 'PENDING' : 'INSYNC';
    if (this.pendingPolls > 0) this.pendingPolls--;
    return { statusCode: 200, body: `<?xml version="1.0" encoding="UTF-8"?>\n<GetChangeResponse xmlns="${NS}"><ChangeInfo><Id>/change/${id}</Id><Status>${status}</Status><SubmittedAt>2025-10-20T00:00:00.000Z</SubmittedAt></ChangeInfo></GetChangeResponse>` };
  }

  /** The ChangeResourceRecordSets requests, as (action, name, type) per change. */
  changeRequests(): { action: string; name: string; type: string; setIdentifier?: string; weight?: number; values: string[] }[][] {
    return this.requests.filter((r) => r.method === 'POST').map((r) => [...r.body.matchAll(/<Change>([\s\S]*?)<\/Change>/g)].map(([, x]) => ({
      action: tag(x!, 'Action')!, name: normalise(tag(x!, 'Name')!), type: tag(x!, 'Type')!,
      ...(tag(x!, 'SetIdentifier') !== undefined ? { setIdentifier: tag(x!, 'SetIdentifier')! } : {}),
      ...(tag(x!, 'Weight') !== undefined ? { weight: Number(tag(x!, 'Weight')) } : {}),
      values: [...x!.matchAll(/<Value>([\s\S]*?)<\/Value>/g)].map((m) => unescapeXml(m[1]!)),
    })));
  }
}

/** A simple set and weighted sets of one name and type cannot coexist. */
function mixesRoutingPolicies(working: ReadonlyMap<string, FakeRecordSet>, set: FakeRecordSet): boolean {
  for (const other of working.values()) {
    if (other.name !== set.name || other.type !== set.type) continue;
    if ((other.setIdentifier === undefined) !== (set.setIdentifier === undefined)) return true;
  }
  return false;
}

/** Values compare as text; only their order within the set does not matter. */
function sameSet(a: FakeRecordSet, b: FakeRecordSet): boolean {
  return a.ttl === b.ttl && a.weight === b.weight && [...a.values].sort().join('\n') === [...b.values].sort().join('\n');
}
