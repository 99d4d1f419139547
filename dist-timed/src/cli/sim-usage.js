/** The simulator's usage text, apart from its commands so that `dnsplane --help` does not load the simulator. */
export const SIM_USAGE = `dnsplane sim replay incident-2025-10-20 --protocol legacy|fenced [--mitigations all|none|admission-control,velocity-control,flap-damping] [--seed N] [--json] [--report FILE.html]
dnsplane sim replay incident-2025-10-20 --compare [--mitigations …] [--seed N] [--json] [--report FILE.html]
  --compare runs both protocols on the same seed: one page, legacy against fenced.
dnsplane sim explore --protocol legacy|fenced --seeds N [--jobs J] [--seed-start S] [--skip-fence] [--all-faults] [--json]
dnsplane sim run --seed N --protocol legacy|fenced [--skip-fence] [--all-faults] [--json]
dnsplane sim run --scenario NAME|list [--seed N] [--json]
  The deterministic simulator (docs/simulator.md). explore shows progress on a terminal (never in
  --json or when stderr is not a terminal). Exit 0 done, 1 violations where none may be, 2 usage.`;
//# sourceMappingURL=sim-usage.js.map