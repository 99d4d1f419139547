/** Active health probes of load balancers. */
export type ProbeTarget =
  | { readonly kind: 'http'; readonly url: string; readonly expect?: HttpExpectation }
  | { readonly kind: 'tcp'; readonly host: string; readonly port: number };

export interface ProbeResult {
  readonly healthy: boolean;
  readonly latencyMs: number;
  /** Why it failed ('timeout', 'status 503', 'ECONNREFUSED', ...); empty when healthy. */
  readonly detail: string;
}

export interface Prober {
  /** Never rejects: every failure is an unhealthy result with a detail. */
  probe(target: ProbeTarget, timeoutMs: number): Promise<ProbeResult>;
}

/** What an HTTP probe must see to call a load balancer healthy (absent: any 2xx or 3xx). */
export interface HttpExpectation {
  /** Inclusive status range. */
  readonly statusMin: number;
  readonly statusMax: number;
  /** The body (its first bytes, up to the probe's read limit) must contain this text. */
  readonly bodyContains?: string;
  /** Extra request headers (a Host for a virtual host, an auth token for a health route). */
  readonly headers?: Readonly<Record<string, string>>;
}
