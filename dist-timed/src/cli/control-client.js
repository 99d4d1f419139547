/** Shared by `dnsplane override`, `freeze` and `adopt`: POSTs a control to the running dnsplane. */
import { callApi } from './api-client.js';
import { UsageError } from './args.js';
/** Who acted is the token's name, recorded by the API: the request carries no "by". */
export function postControl(target, path, body) {
    return callApi(target, path, 'POST', body);
}
/** `90s`, `10m`, `2h`, `1500ms` → milliseconds. */
export function parseDurationMs(text) {
    const match = /^(\d{1,9})(ms|s|m|h)$/.exec(text.trim());
    if (!match)
        throw new UsageError(`duration '${text}' must look like 1500ms, 90s, 10m or 2h`);
    const unitMs = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2]];
    return Number(match[1]) * unitMs;
}
//# sourceMappingURL=control-client.js.map