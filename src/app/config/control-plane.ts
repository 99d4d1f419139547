/** The control plane's settings from a loaded config: what the one assembly is built with. */
import type { ControlPlaneSettings } from '../assembly.js';
import type { DnsplaneConfig } from './types.js';

/** The Planner lease lasts this many Planner intervals (renewed every tick). */
export const PLANNER_LEASE_INTERVALS = 10;

export function controlPlaneSettings(config: DnsplaneConfig): ControlPlaneSettings {
  return {
    fleet: config.fleet, checks: config.checks, enactors: config.enactors, health: config.health,
    planner: config.planner, enactor: config.enactor, cleaner: config.cleaner, safety: config.safety,
  };
}
