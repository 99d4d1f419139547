/**
 * The demo fleet: local HTTP servers that stand in for load balancers, so that `dnsplane up`
 * with no config shows the control plane working. Stopping one closes its socket (probes see
 * ECONNREFUSED, as they would for a dead load balancer); starting it listens on the same port again.
 */
import { createServer } from 'node:http';
export class DemoFleet {
    servers = new Map();
    members = [];
    constructor() { }
    /** Starts `ids.length` servers on 127.0.0.1; preferred ports are tried first, else any free port. */
    static async start(ids, preferredPorts) {
        const fleet = new DemoFleet();
        for (const [index, id] of ids.entries()) {
            const server = healthServer(id);
            const port = await listenPreferring(server, preferredPorts[index] ?? 0);
            fleet.servers.set(id, server);
            fleet.members.push({ id, port, running: true });
        }
        return fleet;
    }
    list() {
        return this.members.map((m) => ({ ...m }));
    }
    ports() {
        return this.members.map((m) => m.port);
    }
    async stop(id) {
        const member = this.find(id);
        if (!member?.running)
            return false;
        const server = this.servers.get(id);
        server.closeAllConnections();
        await new Promise((resolve) => server.close(() => resolve()));
        member.running = false;
        return true;
    }
    async start(id) {
        const member = this.find(id);
        if (!member || member.running)
            return false;
        const server = healthServer(id);
        await listenOn(server, member.port);
        this.servers.set(id, server);
        member.running = true;
        return true;
    }
    async close() {
        for (const member of this.members)
            await this.stop(member.id);
    }
    find(id) {
        return this.members.find((m) => m.id === id);
    }
}
function healthServer(id) {
    return createServer((request, response) => {
        response.setHeader('connection', 'close');
        response.writeHead(request.url === '/health' ? 200 : 404, { 'content-type': 'text/plain' });
        response.end(request.url === '/health' ? `ok ${id}\n` : 'not found\n');
    });
}
async function listenPreferring(server, port) {
    try {
        return await listenOn(server, port);
    }
    catch {
        return listenOn(server, 0);
    }
}
function listenOn(server, port) {
    return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => {
            server.off('error', reject);
            resolve(server.address().port);
        });
    });
}
//# sourceMappingURL=demo-fleet.js.map