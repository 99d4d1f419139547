/**
 * A DNS client in a process of its own, so that what it measures is when the server answers,
 * not when the benchmark's own event loop (busy running the Planner and Enactor) gets round to
 * reading the reply. Protocol, one line each way:
 *
 *   stdin:  watch <name> <address> <present|absent>
 *   stdout: <epoch ms with fraction> when the answer first shows the address present/absent
 */
import { createInterface } from 'node:readline';
import { performance } from 'node:perf_hooks';
import { queryDns } from '../src/adapters/dns-client/dns-client.js';
import { RRType } from '../src/dns-wire/index.js';
const POLLS_MAX = 20_000;
const port = Number(process.argv[2]);
for await (const line of createInterface({ input: process.stdin })) {
    const [command, name, address, wanted] = line.trim().split(' ');
    if (command !== 'watch' || name === undefined || address === undefined)
        continue;
    let seenAtMs = Number.NaN;
    for (let poll = 0; poll < POLLS_MAX; poll++) {
        const answer = await queryDns({ host: '127.0.0.1', port }, name, RRType.A, { timeoutMs: 1000 });
        const present = answer.ok && answer.value.answers.some((rr) => rr.data.kind === 'A' && rr.data.address === address);
        if (present === (wanted === 'present')) {
            seenAtMs = performance.timeOrigin + performance.now();
            break;
        }
    }
    process.stdout.write(`${seenAtMs}\n`);
}
//# sourceMappingURL=answer-watcher.js.map