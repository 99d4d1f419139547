/** The production Prober: dispatches each target to the HTTP or TCP prober by its kind. */
import { assertNever } from '../../core/model/assert.js';
import type { ProbeResult, ProbeTarget, Prober } from '../../core/ports/prober.js';
import { HttpProber } from '../probe-http/http-prober.js';
import { TcpProber } from '../probe-tcp/tcp-prober.js';

export class SystemProber implements Prober {
  private readonly http = new HttpProber();
  private readonly tcp = new TcpProber();

  probe(target: ProbeTarget, timeoutMs: number): Promise<ProbeResult> {
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
