/**
 * buildDeploymentProviders: what the embedded provider holds (its subscription to the zone's
 * commits) is let go with the rest when the providers are closed, as on every SIGHUP reload.
 */
import { describe, expect, it } from 'vitest';
import { EmbeddedDnsProvider } from '../../src/adapters/dns-embedded/embedded-dns-provider.js';
import { buildDeploymentProviders } from '../../src/app/providers.js';
import { providerId } from '../../src/core/model/ids.js';
import { ZoneStore } from '../../src/dns-server/zone-store.js';

describe('buildDeploymentProviders', () => {
  it('closes the embedded provider with the others', () => {
    const zone = new ZoneStore({ origin: 'example.test.', dataDir: null });
    let closed = 0;
    const built = buildDeploymentProviders([{ id: 'embedded', type: 'embedded' }], (id) => {
      const provider = new EmbeddedDnsProvider(providerId(id), zone);
      return { provider, close: () => { closed++; provider.close(); } };
    });
    if (!built.ok) throw new Error(built.message);
    expect(built.value.providers.map((p) => p.id)).toEqual(['embedded']);
    built.value.close();
    expect(closed).toBe(1);
  });
});
