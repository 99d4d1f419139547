/**
 * What the checkers see. Checkers live outside the code under test: they never ask an Enactor what
 * it did, they watch the authoritative state change (DnsObservation) and generations disappear
 * (GenerationDeletion), as an outside observer resolving the names would.
 */
export type InvariantName = 'NeverEmpty' | 'NoRegression' | 'Convergence' | 'Velocity' | 'CleanerSafety';

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
}

/** A generation was deleted: a stored plan (endpoint absent) or one endpoint's legacy record tree. */
export interface GenerationDeletion {
  readonly atMs: number;
  readonly generation: number;
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
