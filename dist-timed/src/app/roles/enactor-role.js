/**
 * `dnsplane enactor --zone Z`: one zone's Enactor on its own, needing only the etcd store (to read
 * plans and controls) and its DNS providers. It learns of a new generation from an etcd watch on
 * the newest-plan key within milliseconds; its interval poll stays as the fallback (a watch
 * can lag or break while etcd is away). When etcd is unreachable it keeps what is live: it only
 * ever writes a plan it read, fenced per endpoint.
 */
import { hostname } from 'node:os';
import { systemClock } from '../../adapters/clock-system/system-clock.js';
import { systemRandom } from '../../adapters/random-system/system-random.js';
import { LATEST_KEY_PATH } from '../../adapters/store-etcd/etcd-plan-store.js';
import { writeHeartbeat } from '../../adapters/store-etcd/etcd-heartbeats.js';
import { enactorId } from '../../core/model/ids.js';
import { StartupError } from '../runtime.js';
import { timerScheduler } from '../periodic.js';
import { closeEtcd, newRoleEvents, openEtcd, requireEtcd, roleAssembly, roleControls, roleErrorHandler, roleProviders } from './role-support.js';
export async function startEnactorRole(config, options) {
    if (!config.enactors.includes(enactorId(options.zone))) {
        throw new StartupError(`dnsplane enactor --zone ${options.zone}: not among the config's enactors (${config.enactors.join(', ')})`, 2);
    }
    const parts = openEtcd(requireEtcd(config, 'enactor'));
    const providers = roleProviders(config, 'enactor');
    const events = newRoleEvents(options.log, parts);
    const assembly = roleAssembly(config);
    const controls = roleControls(config, parts, events, () => undefined);
    await controls.refresh();
    const enactor = assembly.enactor(enactorId(options.zone), { clock: systemClock, random: systemRandom, events, store: parts.plans, providers: providers.providers, controls });
    const instance = `${options.zone}@${hostname()}:${process.pid}`;
    let stopping = null;
    const stop = () => {
        stopping ??= (async () => {
            await watcher?.cancel();
            await tasks.stop();
            providers.close();
            await closeEtcd(parts);
        })();
        return stopping;
    };
    const onError = roleErrorHandler(options.log, (code) => void stop().then(() => options.exit(code)));
    // Controls are read before every tick (the Planner's task does it in `up`); the heartbeat after.
    const tasks = assembly.schedule(timerScheduler, {
        enactors: [enactor],
        afterEnactorTick: async () => {
            await controls.refresh();
            await writeHeartbeat(parts.etcd, { role: 'enactor', instance, atMs: systemClock.nowMs(), detail: { pid: process.pid, ...enactor.status() } });
        },
    }, onError);
    const kick = () => {
        for (const task of tasks.tasks)
            task.kick();
    };
    const watched = await parts.etcd.watchKey(LATEST_KEY_PATH, kick);
    const watcher = watched.ok ? watched.value : null;
    if (!watched.ok)
        options.log(JSON.stringify({ level: 'warn', msg: 'no etcd watch; polling only', error: watched.message }));
    tasks.start();
    options.log(JSON.stringify({ level: 'info', msg: 'dnsplane enactor', zone: options.zone, instance, etcd: config.store.etcd?.endpoints, providers: config.providers.map((p) => p.id) }));
    return { stop };
}
//# sourceMappingURL=enactor-role.js.map