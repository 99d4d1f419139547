/**
 * A real 3-member etcd cluster for tests: each member on free loopback high ports, with its data in
 * one temp dir, started and stopped by PID (never by name). Members can be killed (-9), stopped
 * (SIGSTOP) and restarted on the same data, for the failure tests.
 *
 * Timing: heartbeat 100 ms, election timeout 600 ms, so a lost leader is replaced in about a second
 * and the smallest lease etcd grants is 1 s (1.5 election timeouts, rounded up to seconds).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { openSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './dns-servers.js';
const HEARTBEAT_MS = 100;
const ELECTION_TIMEOUT_MS = 600;
/** Generous: with several real-process test files in parallel on 2 cores, a member can take 20 s to answer. */
const START_TIMEOUT_MS = 45_000;
/** Whole-cluster starts on fresh ports before giving up. */
const START_ATTEMPTS = 3;
export function etcdAvailable() {
    const found = spawnSync('etcd', ['--version'], { stdio: 'ignore' }).status === 0;
    if (found)
        return true;
    const message = 'etcd tests need the Debian packages etcd-server and etcd-client (apt-get install -y etcd-server etcd-client)';
    if (process.env['CI'] === 'true')
        throw new Error(message);
    process.stderr.write(`skipping: ${message}\n`);
    return false;
}
/**
 * Starts the cluster, trying again on fresh ports and a fresh data dir when a member exits or
 * never becomes healthy: a port found free can be taken (another test's outgoing connection
 * draws from the same ephemeral range) before etcd binds it, and a member of a new cluster cannot
 * move to another peer port. The error of the last attempt names the member and its log.
 */
export async function startEtcdCluster(size = 3) {
    let lastError = null;
    for (let attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
        try {
            return await startEtcdClusterOnce(size);
        }
        catch (error) {
            lastError = error;
        }
    }
    throw lastError instanceof Error ? new Error(`${lastError.message} (after ${START_ATTEMPTS} attempts on fresh ports)`) : new Error(String(lastError));
}
async function startEtcdClusterOnce(size) {
    const dir = await mkdtemp(join(tmpdir(), 'dnsplane-etcd-'));
    const members = [];
    const taken = new Set();
    const distinctPort = async () => {
        for (;;) {
            const port = await freePort();
            if (!taken.has(port)) {
                taken.add(port);
                return port;
            }
        }
    };
    for (let i = 1; i <= size; i++) {
        const clientPort = await distinctPort();
        const peerPort = await distinctPort();
        members.push({ name: `m${i}`, clientUrl: `http://127.0.0.1:${clientPort}`, peerUrl: `http://127.0.0.1:${peerPort}`, dataDir: join(dir, `m${i}`), process: null });
    }
    const initialCluster = members.map((m) => `${m.name}=${m.peerUrl}`).join(',');
    const token = `dnsplane-test-${process.pid}-${Date.now()}`;
    const launch = (member) => {
        const log = openSync(join(dir, `${member.name}.log`), 'a');
        member.process = spawn('etcd', [
            '--name', member.name, '--data-dir', member.dataDir, '--logger', 'zap', '--log-level', 'warn',
            '--listen-client-urls', member.clientUrl, '--advertise-client-urls', member.clientUrl,
            '--listen-peer-urls', member.peerUrl, '--initial-advertise-peer-urls', member.peerUrl,
            '--initial-cluster', initialCluster, '--initial-cluster-token', token, '--initial-cluster-state', 'new',
            '--heartbeat-interval', String(HEARTBEAT_MS), '--election-timeout', String(ELECTION_TIMEOUT_MS),
        ], { stdio: ['ignore', log, log] });
        closeSync(log);
    };
    for (const member of members)
        launch(member);
    const cluster = {
        endpoints: members.map((m) => m.clientUrl),
        members,
        dir,
        kill: async (index) => {
            const member = members[index];
            if (member?.process)
                await killAndWait(member.process);
            if (member)
                member.process = null;
        },
        restart: async (index) => {
            const member = members[index];
            if (!member || member.process)
                return;
            launch(member);
            await waitHealthy([member], dir);
        },
        leaderIndex: async () => {
            for (const member of members) {
                if (!member.process)
                    continue;
                const status = await memberStatus(member);
                if (status === null)
                    continue;
                const index = members.findIndex((m) => m.clientUrl === status.leaderUrl);
                if (index >= 0)
                    return index;
            }
            return null;
        },
        stop: async () => {
            await Promise.all(members.map(async (m) => {
                if (m.process)
                    await killAndWait(m.process);
                m.process = null;
            }));
            await rm(dir, { recursive: true, force: true });
        },
    };
    try {
        await waitHealthy(members, dir);
    }
    catch (error) {
        await cluster.stop();
        throw error;
    }
    return cluster;
}
async function killAndWait(child) {
    if (child.exitCode !== null || child.signalCode !== null)
        return;
    const exited = new Promise((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await exited;
}
/** Waits until every member answers /health with quorum (a member alone answers unhealthy); fails at once when one exits. */
async function waitHealthy(members, dir) {
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (const member of members) {
        for (;;) {
            if (await healthy(member))
                break;
            const exited = member.process !== null && (member.process.exitCode !== null || member.process.signalCode !== null);
            if (exited || Date.now() > deadline) {
                const why = exited ? `exited (${member.process?.exitCode ?? member.process?.signalCode})` : `not healthy within ${START_TIMEOUT_MS} ms`;
                throw new Error(`etcd member ${member.name} at ${member.clientUrl} ${why}; its log ends: ${await logTail(dir, member.name)}`);
            }
            await new Promise((resolve) => setTimeout(resolve, 100));
        }
    }
}
async function logTail(dir, name) {
    try {
        return (await readFile(join(dir, `${name}.log`), 'utf8')).slice(-600).trim() || '(empty)';
    }
    catch {
        return '(no log)';
    }
}
async function healthy(member) {
    try {
        const response = await fetch(`${member.clientUrl}/health`, { signal: AbortSignal.timeout(1_000) });
        const body = (await response.json());
        return body.health === 'true';
    }
    catch {
        return false;
    }
}
/** Asks one member who leads, through etcdctl (the client's own view of the raft state). */
async function memberStatus(member) {
    const status = spawnSync('etcdctl', ['--endpoints', member.clientUrl, '--command-timeout=1s', 'endpoint', 'status', '--cluster', '-w', 'json'], { encoding: 'utf8', timeout: 3_000, env: { ...process.env, ETCDCTL_API: '3' } });
    if (status.status !== 0)
        return null;
    try {
        const rows = JSON.parse(status.stdout);
        const leaderId = rows[0]?.Status.leader;
        const leaderRow = rows.find((row) => row.Status.header.member_id === leaderId);
        if (!leaderRow)
            return null;
        return { leaderUrl: leaderRow.Endpoint };
    }
    catch {
        return null;
    }
}
//# sourceMappingURL=etcd-cluster.js.map