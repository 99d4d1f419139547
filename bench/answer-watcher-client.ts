/**
 * The benchmarks' DNS client: bench/answer-watcher.ts in a process of its own, so that it times
 * the server and not our event loop. `watch` resolves with the epoch ms the wanted answer was seen.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { EndpointSpec, FleetSpec } from '../src/core/model/fleet.js';
import type { LoadBalancerId } from '../src/core/model/ids.js';

export interface AnswerWatcher {
  /** absentRun: answers in a row without the address that count as "absent" (see absentRunFor). */
  watch(name: string, address: string, wanted: 'present' | 'absent', absentRun?: number): Promise<number>;
  close(): void;
}

/** Chance, per watched change, that "absent" is reported while the address is still served. */
export const ABSENT_BY_CHANCE_MAX = 0.001;

/**
 * How many answers in a row must lack an address before it counts as gone. An answer carries
 * answersMax of the name's addresses, drawn by weight: with more addresses than that, a served
 * address is left out of one answer with a chance of about 1 − answersMax·weight/totalWeight, so
 * one answer without it (what the watcher took as "absent" before) proved nothing at × 32.
 */
export function absentRunFor(args: { weight: number; totalWeight: number; addresses: number; answersMax: number }): number {
  if (args.addresses <= args.answersMax) return 1;
  const presentPerAnswer = Math.min(1, (args.answersMax * args.weight) / args.totalWeight);
  if (presentPerAnswer >= 1) return 1;
  return Math.ceil(Math.log(ABSENT_BY_CHANCE_MAX) / Math.log(1 - presentPerAnswer));
}

export function startAnswerWatcher(port: number, stopSignal: NodeJS.Signals = 'SIGTERM'): AnswerWatcher {
  const script = new URL('./answer-watcher.js', import.meta.url).pathname;
  const child = spawn(process.execPath, [script, String(port)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const waiting: ((epochMs: number) => void)[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => waiting.shift()?.(Number(line)));
  return {
    watch: (name, address, wanted, absentRun = 1) => new Promise((resolve) => {
      waiting.push(resolve);
      child.stdin.write(`watch ${name} ${address} ${wanted} ${absentRun}\n`);
    }),
    close: () => { child.kill(stopSignal); },
  };
}

/** absentRunFor one load balancer's address in one endpoint of a fleet (weights are capacities). */
export function absentRunInFleet(fleet: FleetSpec, endpoint: EndpointSpec, lb: LoadBalancerId): number {
  const selected = fleet.loadBalancers.filter((candidate) => endpoint.select.ids?.includes(candidate.id) ?? true);
  const totalWeight = selected.reduce((sum, candidate) => sum + candidate.capacity, 0);
  const weight = selected.find((candidate) => candidate.id === lb)?.capacity ?? 0;
  return absentRunFor({ weight, totalWeight, addresses: selected.length, answersMax: endpoint.answersMax });
}
