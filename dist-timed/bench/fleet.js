import { endpointName, loadBalancerId } from '../src/core/model/ids.js';
export function loadBalancerPoolSize(endpoints, perEndpoint) {
    return Math.max(perEndpoint * 4, Math.ceil(endpoints / 25));
}
export function syntheticFleet(endpoints, perEndpoint) {
    const poolSize = loadBalancerPoolSize(endpoints, perEndpoint);
    const loadBalancers = Array.from({ length: poolSize }, (_, i) => ({
        id: loadBalancerId(`lb-${i}`),
        az: `az${i % 3}`,
        ipv4: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
        capacity: 1 + (i % 7),
    }));
    const endpointSpecs = Array.from({ length: endpoints }, (_, e) => ({
        name: endpointName(`e${e}.cells.example.test.`),
        select: { ids: Array.from({ length: perEndpoint }, (_, k) => loadBalancerId(`lb-${(e * 7 + k * 13) % poolSize}`)) },
        ttlSeconds: 5,
        answersMax: 8,
    }));
    return { loadBalancers, endpoints: endpointSpecs };
}
/** The same fleet as a dnsplane config (JSON is YAML), for whole-process benchmarks. */
export function syntheticConfigText(endpoints, perEndpoint, dataDir, dnsListen, httpListen) {
    const fleet = syntheticFleet(endpoints, perEndpoint);
    return JSON.stringify({
        zone: 'example.test.',
        region: 'bench-1',
        loadBalancers: fleet.loadBalancers.map((lb) => ({ id: lb.id, az: lb.az, ipv4: lb.ipv4, capacity: lb.capacity })),
        endpoints: fleet.endpoints.map((e) => ({ name: e.name, select: { ids: e.select.ids } })),
        enactors: ['use1-az1', 'use1-az2', 'use1-az4'],
        dns: { listen: dnsListen },
        http: { listen: httpListen },
        store: { sqlite: `${dataDir}/plans.db` },
    });
}
//# sourceMappingURL=fleet.js.map