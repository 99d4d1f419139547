/**
 * What `dnsplane status --cluster` shows, read from etcd alone (any machine with the config can
 * ask): which Planner leads and with which fencing token, the newest generation, and per Enactor
 * instance its heartbeat age, the generation it last applied, its lag behind the newest, and per
 * provider its last error. Two instances of one zone are flagged: the fences keep them safe, but
 * it is a deployment mistake.
 */
import { systemClock } from '../../adapters/clock-system/system-clock.js';
import { readHeartbeats } from '../../adapters/store-etcd/etcd-heartbeats.js';
import { openEtcd, requireEtcd } from './role-support.js';
/** A heartbeat older than this many seconds counts as a dead instance for duplicate detection. */
const HEARTBEAT_LIVE_MS_MAX = 15_000;
export async function clusterStatus(config) {
    const etcdConfig = requireEtcd(config, 'status --cluster');
    const parts = openEtcd(etcdConfig);
    try {
        const [lease, latest, highWater, beats] = await Promise.all([
            parts.plans.leaseHolder(), parts.plans.latestGeneration(), parts.plans.highWater(), readHeartbeats(parts.etcd),
        ]);
        const failed = [lease, latest, highWater, beats].find((r) => !r.ok);
        const nowMs = systemClock.nowMs();
        const latestGeneration = latest.ok ? latest.value : null;
        const enactors = beats.ok ? beats.value.filter((b) => b.role === 'enactor').map((b) => enactorRow(b, nowMs, latestGeneration)) : [];
        const liveZones = enactors.filter((e) => e.ageMs <= HEARTBEAT_LIVE_MS_MAX).map((e) => e.zone);
        return {
            etcd: { reachable: failed === undefined, endpoints: etcdConfig.endpoints, ...(failed !== undefined && !failed.ok ? { error: failed.message } : {}) },
            leader: lease.ok ? lease.value : null,
            latestGeneration,
            highWater: highWater.ok ? highWater.value : null,
            planners: beats.ok ? beats.value.filter((b) => b.role === 'planner').map((b) => ({ instance: b.instance, ageMs: nowMs - b.atMs, last: b.detail?.last ?? null })) : [],
            enactors,
            duplicateZones: [...new Set(liveZones.filter((zone, i) => liveZones.indexOf(zone) !== i))],
        };
    }
    finally {
        parts.etcd.close();
    }
}
function enactorRow(beat, nowMs, latest) {
    const detail = (beat.detail ?? {});
    const lastPlanGeneration = detail.lastPlanGeneration ?? 0;
    return {
        zone: detail.id ?? beat.instance.split('@')[0] ?? beat.instance,
        instance: beat.instance,
        ageMs: nowMs - beat.atMs,
        lastPlanGeneration,
        lag: latest === null ? null : Math.max(0, latest - lastPlanGeneration),
        providers: Object.entries(detail.providers ?? {}).map(([id, p]) => ({ id, lastAppliedGeneration: p.lastAppliedGeneration ?? 0, errors: p.errors ?? 0, lastError: p.lastError ?? '' })),
    };
}
export function formatClusterStatus(status) {
    const lines = [];
    lines.push(status.etcd.reachable ? `etcd: reachable (${status.etcd.endpoints.join(', ')})` : `etcd: UNREACHABLE (${status.etcd.error ?? ''}); DNS keeps answering what is live`);
    lines.push(status.leader === null ? 'planner leader: none (lease free or expired)' : `planner leader: ${status.leader.holder} (fencing token ${status.leader.token})`);
    lines.push(`newest generation: ${status.latestGeneration ?? '-'} (high-water ${status.highWater ?? '-'})`);
    for (const p of status.planners)
        lines.push(`  planner ${p.instance}: heartbeat ${Math.round(p.ageMs / 1000)} s ago, last ${JSON.stringify(p.last)}`);
    for (const e of status.enactors) {
        lines.push(`  enactor ${e.zone} (${e.instance}): heartbeat ${Math.round(e.ageMs / 1000)} s ago, applied ${e.lastPlanGeneration}, lag ${e.lag ?? '-'}`);
        for (const p of e.providers)
            lines.push(`    ${p.id}: applied ${p.lastAppliedGeneration}, errors ${p.errors}${p.lastError === '' ? '' : `, last error: ${p.lastError}`}`);
    }
    for (const zone of status.duplicateZones)
        lines.push(`WARNING: more than one live Enactor for zone ${zone} (safe by the fences, but a deployment mistake)`);
    return `${lines.join('\n')}\n`;
}
//# sourceMappingURL=cluster-status.js.map