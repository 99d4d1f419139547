/** Active health probes of load balancers. */
export type ProbeTarget =
  | { readonly kind: 'http'; readonly url: string }
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
