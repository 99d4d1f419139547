/**
 * Runs the real `dnsplane` command (bin/dnsplane.js → dist/, built by `npm run build`) as a child
 * process, the way an operator does, and talks to it with `dig` and its HTTP API.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
const execFileAsync = promisify(execFile);
export const BIN = new URL('../../bin/dnsplane.js', import.meta.url).pathname;
export class DnsplaneProcess {
    child;
    dataDir;
    stdout = '';
    stderr = '';
    exited;
    constructor(child, dataDir) {
        this.child = child;
        this.dataDir = dataDir;
        child.stdout?.on('data', (chunk) => { this.stdout += chunk.toString(); });
        child.stderr?.on('data', (chunk) => { this.stderr += chunk.toString(); });
        this.exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    }
    static async up(dataDir, extraArgs = []) {
        const child = spawn(process.execPath, [BIN, 'up', '--data-dir', dataDir, '--dns-listen', '127.0.0.1:0', '--http-listen', '127.0.0.1:0', ...extraArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
        const proc = new DnsplaneProcess(child, dataDir);
        const endpoints = await proc.waitForRuntime();
        return { process: proc, endpoints };
    }
    /** `dnsplane up --config FILE` with the config's own listen addresses. */
    static async upWithConfig(dataDir, configPath) {
        const child = spawn(process.execPath, [BIN, 'up', '--data-dir', dataDir, '--config', configPath], { stdio: ['ignore', 'pipe', 'pipe'] });
        const proc = new DnsplaneProcess(child, dataDir);
        const endpoints = await proc.waitForRuntime();
        return { process: proc, endpoints };
    }
    /** Waits until this process has written its runtime.json (ports), bounded. */
    async waitForRuntime() {
        const path = join(this.dataDir, 'runtime.json');
        // 30 s: on a loaded machine (a shared CI box, a full suite) start-up alone takes 10 s and more.
        for (let i = 0; i < 600; i++) {
            if (existsSync(path)) {
                const parsed = JSON.parse(readFileSync(path, 'utf8'));
                if (parsed.pid === this.child.pid)
                    return parsed;
            }
            if (this.child.exitCode !== null)
                throw new Error(`dnsplane up exited ${this.child.exitCode}: ${this.stderr}`);
            await sleep(50);
        }
        throw new Error(`dnsplane up did not start within 30 s: ${this.stderr}`);
    }
    kill(signal) {
        this.child.kill(signal);
    }
}
export async function dig(server, name, type) {
    const { stdout } = await execFileAsync('dig', [`@${server.host}`, '-p', String(server.port), name, type, '+short', '+time=1', '+tries=2']);
    return stdout.split('\n').map((l) => l.trim()).filter((l) => l.length > 0).sort();
}
/** Calls the API with the instance's generated token (when it has one); POSTs carry a JSON body. */
export async function api(endpoints, path, method = 'GET', body = {}) {
    const token = endpoints.apiTokenFile === undefined ? null : readFileSync(endpoints.apiTokenFile, 'utf8').trim();
    const headers = token === null ? {} : { authorization: `Bearer ${token}` };
    const response = await fetch(`http://${endpoints.http.host}:${endpoints.http.port}${path}`, {
        method, ...(method === 'POST' ? { body: JSON.stringify(body), headers: { ...headers, 'content-type': 'application/json' } } : { headers }),
    });
    if (!response.ok)
        throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json());
}
/** Polls `probe` until it returns true or `timeoutMs` passes; returns the elapsed time or null. */
export async function waitFor(probe, timeoutMs, everyMs = 100) {
    const started = Date.now();
    while (Date.now() - started <= timeoutMs) {
        if (await probe())
            return Date.now() - started;
        await sleep(everyMs);
    }
    return null;
}
export function sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
}
//# sourceMappingURL=dnsplane-process.js.map