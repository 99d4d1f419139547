import { MemoryDnsProvider } from '../../src/adapters/dns-memory/memory-dns-provider.js';
import { providerId } from '../../src/core/model/ids.js';
import { parseFence } from '../../src/core/model/fence.js';
import { describeDnsProviderContract } from './dns-provider.contract.js';

describeDnsProviderContract('memory', async () => {
  const provider = new MemoryDnsProvider(providerId('memory'), 100);
  return {
    provider,
    setFenceByHand: async (endpoint, text) => {
      const parsed = parseFence(text);
      if (parsed.ok) provider.setFence(endpoint, parsed.fence);
      else provider.setMalformedFence(endpoint, text);
    },
    setFenceRaw: async (endpoint, raw) => provider.setFenceRaw(endpoint, raw),
    close: async () => undefined,
  };
});
