/**
 * What the checkers see. Checkers live outside the code under test: they never ask an Enactor what
 * it did, they watch the authoritative state change (DnsObservation) and generations disappear
 * (GenerationDeletion), as an outside observer resolving the names would.
 */
export type InvariantName = 'NeverEmpty' | 'NoRegression' | 'Convergence' | 'Velocity' | 'Freeze' | 'CleanerSafety';

export interface Violation {
  readonly invariant: InvariantName;
  readonly endpoint: string;
  readonly atMs: number;
  readonly seed: number;
  readonly detail: string;
}

/** The answer of one endpoint on one provider changed (or was written again). */
export interface DnsObservation {
  readonly atMs: number;
  readonly provider: string;
  readonly endpoint: string;
  /** The generation whose records the name now answers with (the fence, or the legacy alias target). */
  readonly generation: number;
  /** How many addresses a resolver gets: 0 is the empty answer (NOERROR, no data). */
  readonly addressCount: number;
  /** Sum of the weights of the addresses: the capacity behind the name. */
  readonly capacity: number;
  /**
   * Who made this change: the control plane (an Enactor's write, the default), or a person by hand
   * (a hand edit of records, a fence planted by another tool). Hand changes are inputs, not
   * behaviour under test: they are never violations themselves, but what follows them is checked.
   */
  readonly source?: 'control-plane' | 'hand';
  /** What the fence RRset says (default 'ours'): absent, one of ours, or not ours (malformed, several records, beyond any plan). */
  readonly fence?: 'ours' | 'absent' | 'foreign';
  /** The served addresses as `A 192.0.2.1`, sorted (the zone observer fills it; the legacy zone does not). */
  readonly addresses?: readonly string[];
  /** Capacity per address family, addresses weighed by their load balancers (an address of none counts 0). */
  readonly capacityByFamily?: Readonly<Record<'A' | 'AAAA', number>>;
  readonly ttlSeconds?: number | null;
  /** For a delivered write: when it left its sender (a write can land later than it was decided). */
  readonly sentAtMs?: number;
}

/** A generation was deleted: a stored plan (endpoint absent) or one endpoint's legacy record tree. */
export interface GenerationDeletion {
  readonly atMs: number;
  readonly generation: number;
  /** 'cleaner' for the Cleaner; operators' restores and wipes are not the Cleaner's. */
  readonly by: string;
  readonly provider?: string;
  readonly endpoint?: string;
}

export interface Checker {
  observeDns(observation: DnsObservation): void;
  observeDeletion(deletion: GenerationDeletion): void;
}

export function liveKey(provider: string, endpoint: string): string {
  return `${provider}|${endpoint}`;
}
