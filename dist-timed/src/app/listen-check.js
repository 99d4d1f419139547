/**
 * Can this process listen where the configuration says? Checked before anything starts, so a
 * taken or impossible address is one clear line and exit 2 — not a DNS server whose worker
 * processes crash and restart on a socket they can never bind, nor a half-started process.
 * (A port taken between this check and the real bind still fails the start, as a start-up error.)
 */
import { createSocket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import { createServer } from 'node:net';
/** Binds and releases TCP (and UDP with `udp`) on host:port; port 0 always fits. */
export async function listenProblem(what, host, port, udp) {
    if (port === 0)
        return null;
    const tcp = await tryTcp(host, port);
    if (tcp !== null)
        return `${what} ${formatHostPort(host, port)}: ${tcp}`;
    if (!udp)
        return null;
    const datagram = await tryUdp(host, port);
    return datagram === null ? null : `${what} ${formatHostPort(host, port)} (UDP): ${datagram}`;
}
function formatHostPort(host, port) {
    return isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}`;
}
function explain(error) {
    switch (error.code) {
        case 'EADDRINUSE': return 'the address is already in use (another process listens there)';
        case 'EACCES': return 'permission denied (ports below 1024 need privileges)';
        case 'EADDRNOTAVAIL': return 'no interface of this host has that address';
        case 'ENOTFOUND':
        case 'EAI_AGAIN': return 'the host name does not resolve';
        default: return `${error.code ?? 'error'}: ${error.message}`;
    }
}
function tryTcp(host, port) {
    return new Promise((resolve) => {
        const server = createServer();
        server.once('error', (error) => resolve(explain(error)));
        server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(null)));
    });
}
function tryUdp(host, port) {
    return new Promise((resolve) => {
        const socket = createSocket(isIPv6(host) ? 'udp6' : 'udp4');
        socket.once('error', (error) => {
            socket.close();
            resolve(explain(error));
        });
        socket.bind({ address: host, port, exclusive: true }, () => socket.close(() => resolve(null)));
    });
}
//# sourceMappingURL=listen-check.js.map