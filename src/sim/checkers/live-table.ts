/** The latest observation of every (provider, endpoint): what an outside resolver sees right now. */
import { liveKey, type DnsObservation } from './types.js';

export class LiveTable {
  private readonly entries = new Map<string, DnsObservation>();

  update(observation: DnsObservation): DnsObservation | undefined {
    const key = liveKey(observation.provider, observation.endpoint);
    const before = this.entries.get(key);
    this.entries.set(key, observation);
    return before;
  }

  get(provider: string, endpoint: string): DnsObservation | undefined {
    return this.entries.get(liveKey(provider, endpoint));
  }

  all(): DnsObservation[] {
    return [...this.entries.values()];
  }
}
