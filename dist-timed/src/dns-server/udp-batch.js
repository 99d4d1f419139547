export class UdpReplyQueue {
    socket;
    replies = [];
    ports = [];
    addresses = [];
    scheduled = false;
    constructor(socket) {
        this.socket = socket;
    }
    send(reply, port, address) {
        this.replies.push(reply);
        this.ports.push(port);
        this.addresses.push(address);
        if (this.scheduled)
            return;
        this.scheduled = true;
        setImmediate(this.flush);
    }
    flush = () => {
        const { replies, ports, addresses } = this;
        this.replies = [];
        this.ports = [];
        this.addresses = [];
        this.scheduled = false;
        for (let i = 0; i < replies.length; i++) {
            try {
                this.socket.send(replies[i], ports[i], addresses[i]);
            }
            catch {
                // The socket was closed after the replies were queued (the server is stopping): they are dropped.
            }
        }
    };
}
/** dgram's `lookup` for sockets that only ever send to literal addresses (see the header). */
export function literalAddressLookup(family) {
    return (hostname, _options, callback) => callback(null, hostname, family);
}
//# sourceMappingURL=udp-batch.js.map