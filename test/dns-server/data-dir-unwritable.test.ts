/**
 * An unwritable data dir, met by the real `dnsplane up` and `dnsplane dns-server` processes: one
 * line on stderr naming the path, exit 2, and nothing left behind (no token, no journal, no lock,
 * no directory the attempt created). Before the fix `up` printed a stack trace and then hung, the
 * demo fleet it had started still listening.
 *
 * Root writes through any mode bits, so "permission denied" is played by running the command as
 * `nobody` (setpriv); as root, a path through a regular file is unwritable (ENOTDIR).
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN } from '../support/dnsplane-process.js';
import { tempDir } from './helpers.js';

const NOBODY = 65534;
const EXIT_WITHIN_MS = 20_000;
const SECRET = Buffer.alloc(32, 7).toString('base64');

interface Exit { readonly code: number | null; readonly stderr: string; readonly stdout: string }

function runCli(args: readonly string[], asNobody: boolean): Promise<Exit> {
  const command = asNobody ? 'setpriv' : process.execPath;
  const argv = asNobody ? [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', process.execPath, BIN, ...args] : [BIN, ...args];
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`dnsplane ${args[0]} did not exit within ${EXIT_WITHIN_MS} ms: ${stderr}`));
    }, EXIT_WITHIN_MS);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, stdout });
    });
  });
}

/** A config a process can load and start from (readable by nobody). */
function writeConfig(dir: string): string {
  const path = join(dir, 'dnsplane.yaml');
  writeFileSync(path, [
    'zone: example.test.',
    'region: test-1',
    'loadBalancers:',
    '  - { id: lb-1, az: a, ipv4: 192.0.2.11, capacity: 100, check: { http: "http://127.0.0.1:9/health" } }',
    'endpoints:',
    '  - name: api.example.test.',
    '    select: {}',
    'enactors: [a]',
    `dns: { listen: "127.0.0.1:0", workers: 0, tsig: { name: dnsplane-key, algorithm: hmac-sha256, secret: "${SECRET}" } }`,
    'http: { listen: "127.0.0.1:0" }',
  ].join('\n'), { mode: 0o644 });
  return path;
}

function expectOneClearLine(exit: Exit, command: string, path: string, reason: RegExp): void {
  expect(exit.code).toBe(2);
  // Start-up progress is logged as JSON lines; the failure is the one plain line.
  const lines = exit.stderr.trimEnd().split('\n').filter((line) => !line.startsWith('{'));
  expect(lines, exit.stderr).toHaveLength(1);
  expect(lines[0]).toContain(`dnsplane ${command}: data dir ${path}`);
  expect(lines[0]).toMatch(reason);
  expect(exit.stderr).not.toMatch(/\n\s+at /);
}

describe('an unwritable data dir', () => {
  let dir: ReturnType<typeof tempDir>;
  afterEach(() => dir.remove());

  it('up: a path through a regular file is one line and exit 2, and the process exits', async () => {
    dir = tempDir('dnsplane-unwritable-');
    const file = join(dir.path, 'a-file');
    writeFileSync(file, 'not a directory\n');
    const dataDir = join(file, 'data');
    const exit = await runCli(['up', '--config', writeConfig(dir.path), '--data-dir', dataDir], false);
    expectOneClearLine(exit, 'up', dataDir, /not a directory \(ENOTDIR\)/);
  }, 30_000);

  it('up (demo fleet, no --config): one line, exit 2, and the demo fleet it started does not keep it running', async () => {
    dir = tempDir('dnsplane-unwritable-');
    const file = join(dir.path, 'a-file');
    writeFileSync(file, 'x\n');
    const dataDir = join(file, 'data');
    const exit = await runCli(['up', '--data-dir', dataDir, '--dns-listen', '127.0.0.1:0', '--http-listen', '127.0.0.1:0'], false);
    expectOneClearLine(exit, 'up', dataDir, /ENOTDIR/);
  }, 30_000);

  it('up as a user who may not write there: an existing dir stays empty, a missing one is not created', async () => {
    dir = tempDir('dnsplane-unwritable-');
    chmodSync(dir.path, 0o755);
    const config = writeConfig(dir.path);
    const existing = join(dir.path, 'root-owned');
    mkdirSync(existing, { mode: 0o755 });
    const exit = await runCli(['up', '--config', config, '--data-dir', existing], true);
    expectOneClearLine(exit, 'up', existing, /permission denied \(EACCES\)/);
    expect(readdirSync(existing)).toEqual([]);

    const missing = join(dir.path, 'root-owned', 'deeper', 'data');
    const again = await runCli(['up', '--config', config, '--data-dir', missing], true);
    expectOneClearLine(again, 'up', missing, /permission denied \(EACCES\)/);
    expect(existsSync(join(dir.path, 'root-owned', 'deeper'))).toBe(false);
  }, 45_000);

  it('dns-server as a user who may not write there: one line naming the zone dir, exit 2, no lock or journal', async () => {
    dir = tempDir('dnsplane-unwritable-');
    chmodSync(dir.path, 0o755);
    const dataDir = join(dir.path, 'root-owned');
    mkdirSync(dataDir, { mode: 0o755 });
    const exit = await runCli(['dns-server', '--config', writeConfig(dir.path), '--data-dir', dataDir], true);
    expectOneClearLine(exit, 'dns-server', join(dataDir, 'zone'), /permission denied \(EACCES\)/);
    expect(readdirSync(dataDir)).toEqual([]);
  }, 30_000);
});
