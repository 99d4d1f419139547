/**
 * A DNS client in a process of its own, so that what it measures is when the server answers,
 * not when the benchmark's own event loop (busy running the Planner and Enactor) gets round to
 * reading the reply. Protocol, one line each way:
 *
 *   stdin:  watch <name> <address> <present|absent> [absent run]
 *   stdout: <epoch ms with fraction> when the answer first shows the address present/absent
 *
 * An address may be left out of one answer by chance when the name has more addresses than an
 * answer carries (answersMax of 32): then "absent" needs that many answers in a row without it,
 * and the time reported is the first answer of that run.
 */
import { createInterface } from 'node:readline';
import { performance } from 'node:perf_hooks';
import { queryDns } from '../src/adapters/dns-client/dns-client.js';
import { RRType } from '../src/dns-wire/index.js';

const POLLS_MAX = 20_000;
/**
 * Between two queries. Back to back, the watcher and the worker answering it kept one of the
 * machine's two cores busy and slowed the Planner and Enactor being measured; a pause of 1 ms
 * costs at most that much resolution.
 */
const POLL_PAUSE_MS = 1;
const port = Number(process.argv[2]);

for await (const line of createInterface({ input: process.stdin })) {
  const [command, name, address, wanted, run] = line.trim().split(' ');
  if (command !== 'watch' || name === undefined || address === undefined) continue;
  const absentRun = wanted === 'absent' ? Math.max(1, Number(run ?? 1)) : 1;
  let seenAtMs = Number.NaN;
  let runStartedAtMs = Number.NaN;
  let runLength = 0;
  for (let poll = 0; poll < POLLS_MAX; poll++) {
    const askedAtMs = performance.timeOrigin + performance.now();
    const answer = await queryDns({ host: '127.0.0.1', port }, name, RRType.A, { timeoutMs: 1000 });
    const present = answer.ok && answer.value.answers.some((rr) => rr.data.kind === 'A' && rr.data.address === address);
    if (present !== (wanted === 'present')) {
      runLength = 0;
      await new Promise((resolve) => setTimeout(resolve, POLL_PAUSE_MS));
      continue;
    }
    if (runLength === 0) runStartedAtMs = wanted === 'present' ? performance.timeOrigin + performance.now() : askedAtMs;
    runLength++;
    if (runLength >= absentRun) {
      seenAtMs = runStartedAtMs;
      break;
    }
  }
  process.stdout.write(`${seenAtMs}\n`);
}
