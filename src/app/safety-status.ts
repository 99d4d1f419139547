/**
 * The `safety` section of the status report (issue 5): settings in force, vantage points, held
 * load balancers, operator controls, and per routed name where it points, where live DNS points,
 * and the measured recovery time of its recent switches.
 */
import type { HealthMonitor } from '../core/health/health-monitor.js';
import type { Planner } from '../core/planner/planner.js';
import type { RegionHealth } from '../core/routing/route-policy.js';
import type { OperatorControl } from '../core/safety/operator-controls.js';
import type { SafetySettings } from '../core/safety/safety-settings.js';
import type { DnsplaneConfig } from './config/index.js';
import type { FailoverTracker, RoutingSwitch } from './failover-tracker.js';
import type { OperatorControls } from './operator-controls.js';

export interface SafetyStatus {
  readonly settings: SafetySettings;
  readonly vantagePoints: readonly string[];
  readonly quorum: number;
  readonly held: readonly { readonly id: string; readonly publishedHealthy: boolean; readonly verdictHealthy: boolean; readonly heldUntilMs: number | null }[];
  readonly controls: readonly OperatorControl[];
  readonly routing: readonly RoutingStatus[];
}

export interface RoutingStatus {
  readonly name: string;
  readonly policy: string;
  /** Where the last plan computation points the name. */
  readonly plannedRegions: readonly string[];
  /** Where live DNS (the first provider) points it now. */
  readonly servingRegions: readonly string[];
  readonly regions: readonly RegionHealth[];
  readonly lastSwitch: RoutingSwitch | null;
}

export interface SafetyStatusSources {
  readonly config: DnsplaneConfig;
  readonly health: HealthMonitor;
  readonly planner: Planner;
  readonly controls: OperatorControls;
  readonly tracker: FailoverTracker;
}

export function buildSafetyStatus(sources: SafetyStatusSources): SafetyStatus {
  const held = [...sources.health.details()].filter(([, d]) => d.held)
    .map(([id, d]) => ({ id, publishedHealthy: d.healthy, verdictHealthy: d.verdict, heldUntilMs: d.heldUntilMs }));
  const switches = sources.tracker.recentSwitches();
  return {
    settings: sources.config.safety,
    vantagePoints: sources.health.vantageZones(),
    quorum: sources.health.quorumSize(),
    held,
    controls: sources.controls.active(),
    routing: sources.planner.currentRoutes().map((route) => ({
      name: route.name,
      policy: route.policy,
      plannedRegions: route.activeRegions,
      servingRegions: sources.tracker.servingRegions(route.name) ?? [],
      regions: route.regions,
      lastSwitch: switches.filter((s) => s.name === route.name).at(-1) ?? null,
    })),
  };
}
