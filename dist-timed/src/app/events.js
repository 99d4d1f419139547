export const RECENT_EVENTS_MAX = 1000;
export class EventHub {
    log;
    recent = [];
    sinks = [];
    constructor(log) {
        this.log = log;
    }
    addSink(sink) {
        this.sinks.push(sink);
    }
    record(event) {
        this.recent.push(event);
        if (this.recent.length > RECENT_EVENTS_MAX)
            this.recent.splice(0, this.recent.length - RECENT_EVENTS_MAX);
        // Routine successes are kept (status, audit) but not logged line by line: at 10,000
        // endpoints an applied batch per second would drown the log.
        if (event.kind !== 'enact.applied' && event.kind !== 'plan.unchanged') {
            this.log(JSON.stringify({ level: levelOf(event), time: new Date(event.atMs).toISOString(), ...event }));
        }
        for (const sink of this.sinks)
            sink.record(event);
    }
    /** Newest last. */
    latest(limit) {
        return this.recent.slice(Math.max(0, this.recent.length - limit));
    }
}
function levelOf(event) {
    switch (event.kind) {
        case 'enact.error':
        case 'store.unavailable':
        case 'enact.refused':
        case 'enact.malformed-fence':
            return 'error';
        case 'guard.fail-open':
            return 'error';
        case 'guard.never-empty':
        case 'guard.min-capacity':
        case 'guard.velocity':
        case 'guard.velocity-override':
        case 'guard.zone-failover':
        case 'guard.min-zones':
        case 'guard.frozen':
        case 'health.held':
        case 'routing.failover':
        case 'routing.held':
        case 'override.created':
        case 'freeze.started':
        case 'plan.refused':
        case 'plan.renumbered':
        case 'enact.skipped-newer':
        case 'enact.conflict':
        case 'health.transition':
            return 'warn';
        default:
            return 'info';
    }
}
//# sourceMappingURL=events.js.map