/**
 * `dnsplane planner`: health checks, the Planner and the Cleaner, on the etcd store. Run one per
 * zone: they campaign for the etcd lease, one leads and writes, the others stay hot standbys
 * (they follow the store and keep their velocity window current). Every write carries the
 * leader's fencing token, so a Planner paused past its lease cannot write after a takeover.
 */
import { systemClock } from '../../adapters/clock-system/system-clock.js';
import { SystemProber } from '../../adapters/probe-system/system-prober.js';
import { systemRandom } from '../../adapters/random-system/system-random.js';
import { writeHeartbeat } from '../../adapters/store-etcd/etcd-heartbeats.js';
import { controlPlaneSettings } from '../config/control-plane.js';
import { timerScheduler } from '../periodic.js';
import { closeEtcd, newRoleEvents, openEtcd, requireEtcd, roleAssembly, roleControls, roleErrorHandler, roleProviders } from './role-support.js';
export async function startPlannerRole(config, options) {
    const parts = openEtcd(requireEtcd(config, 'planner'));
    const providers = roleProviders(config, 'planner');
    const events = newRoleEvents(options.log, parts);
    const assembly = roleAssembly(config);
    const health = assembly.health({ clock: systemClock, events, random: systemRandom, proberFor: () => new SystemProber() });
    let kickPlanner = () => undefined;
    const controls = roleControls(config, parts, events, () => kickPlanner());
    await controls.refresh();
    const holder = `planner@${options.instance}`;
    const planner = assembly.planner({ holder, clock: systemClock, events, store: parts.plans, providers: providers.providers, health, controls });
    const cleaner = assembly.cleaner({ clock: systemClock, events, store: parts.plans, providers: providers.providers });
    let heartbeat = null;
    let cleaning = null;
    let stopping = null;
    const stop = () => {
        stopping ??= (async () => {
            await heartbeat?.stop();
            await cleaning?.stop();
            await tasks.stop();
            providers.close();
            await closeEtcd(parts);
        })();
        return stopping;
    };
    const onError = roleErrorHandler(options.log, (code) => void stop().then(() => options.exit(code)));
    const tasks = assembly.schedule(timerScheduler, { health, planner, controls, enactors: [] }, onError);
    cleaning = timerScheduler.every('cleaner', controlPlaneSettings(config).cleaner.intervalMs, () => cleanIfLeading(cleaner, parts.plans, holder), onError);
    kickPlanner = () => tasks.kickPlanner();
    // The heartbeat runs on the Planner interval: status reads it, nothing waits for it.
    heartbeat = timerScheduler.every('heartbeat', config.planner.intervalMs, async () => {
        const last = tasks.lastPlannerResult();
        await writeHeartbeat(parts.etcd, { role: 'planner', instance: holder, atMs: systemClock.nowMs(), detail: { pid: process.pid, last } });
    }, onError);
    tasks.start();
    heartbeat.start();
    cleaning.start();
    options.log(JSON.stringify({ level: 'info', msg: 'dnsplane planner', holder, etcd: config.store.etcd?.endpoints, providers: config.providers.map((p) => p.id) }));
    return { stop };
}
/**
 * Only the leading Planner cleans: standbys would repeat every listing and every delete (safe,
 * since deletes are idempotent and DNS never reads stored plans, but work for nothing). Leading is
 * read from etcd at each tick rather than from the last Planner tick, so a Planner that was
 * paused and has not yet noticed the takeover does not clean either.
 */
async function cleanIfLeading(cleaner, plans, holder) {
    const lease = await plans.leaseHolder();
    if (!lease.ok)
        return { kind: 'skipped', reason: `lease unreadable: ${lease.message}` };
    if (lease.value?.holder !== holder)
        return { kind: 'skipped', reason: `not the leader (${lease.value?.holder ?? 'nobody'} leads)` };
    return cleaner.tick();
}
//# sourceMappingURL=planner-role.js.map