/** The production Prober: dispatches each target to the HTTP or TCP prober by its kind. */
import { assertNever } from '../../core/model/assert.js';
import { HttpProber } from '../probe-http/http-prober.js';
import { TcpProber } from '../probe-tcp/tcp-prober.js';
export class SystemProber {
    http = new HttpProber();
    tcp = new TcpProber();
    probe(target, timeoutMs) {
        switch (target.kind) {
            case 'http':
                return this.http.probe(target, timeoutMs);
            case 'tcp':
                return this.tcp.probe(target, timeoutMs);
            default:
                return assertNever(target, 'probe target kind');
        }
    }
}
//# sourceMappingURL=system-prober.js.map