/** The latest observation of every (provider, endpoint): what an outside resolver sees right now. */
import { liveKey } from './types.js';
export class LiveTable {
    entries = new Map();
    update(observation) {
        const key = liveKey(observation.provider, observation.endpoint);
        const before = this.entries.get(key);
        this.entries.set(key, observation);
        return before;
    }
    get(provider, endpoint) {
        return this.entries.get(liveKey(provider, endpoint));
    }
    all() {
        return [...this.entries.values()];
    }
}
//# sourceMappingURL=live-table.js.map