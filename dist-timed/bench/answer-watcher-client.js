/**
 * The benchmarks' DNS client: bench/answer-watcher.ts in a process of its own, so that it times
 * the server and not our event loop. `watch` resolves with the epoch ms the wanted answer was seen.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
export function startAnswerWatcher(port, stopSignal = 'SIGTERM') {
    const script = new URL('./answer-watcher.js', import.meta.url).pathname;
    const child = spawn(process.execPath, [script, String(port)], { stdio: ['pipe', 'pipe', 'inherit'] });
    const waiting = [];
    createInterface({ input: child.stdout }).on('line', (line) => waiting.shift()?.(Number(line)));
    return {
        watch: (name, address, wanted) => new Promise((resolve) => {
            waiting.push(resolve);
            child.stdin.write(`watch ${name} ${address} ${wanted}\n`);
        }),
        close: () => { child.kill(stopSignal); },
    };
}
//# sourceMappingURL=answer-watcher-client.js.map