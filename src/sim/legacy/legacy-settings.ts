/**
 * Knobs of the legacy (2025) protocol. None of these values is in the public record; scenarios name
 * the values they choose as assumptions.
 */
export interface LegacySettings {
  /** How long a taken endpoint lock stays valid (the lock TXT carries holder and expiry). */
  readonly lockTtlMs: number;
  readonly lockBackoffBaseMs: number;
  readonly lockBackoffMaxMs: number;
  /** Attempts on one endpoint before the Enactor moves on to the next one. */
  readonly lockAttemptsMax: number;
  /** "Significantly older": clean-up deletes trees this many generations or more below the one just applied. */
  readonly cleanupGenerationsBehind: number;
}

export const DEFAULT_LEGACY_SETTINGS: LegacySettings = {
  lockTtlMs: 2_000,
  lockBackoffBaseMs: 500,
  lockBackoffMaxMs: 30_000,
  lockAttemptsMax: 12,
  cleanupGenerationsBehind: 3,
};
