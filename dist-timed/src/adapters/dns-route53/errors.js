/**
 * Route 53 errors, as the SDK raises them, mapped to typed results:
 *
 *   InvalidChangeBatch about a record that is missing, differs or already exists   'conflict'
 *   InvalidChangeBatch about anything else (bad value, CNAME clash, ...)             'config'
 *   Throttling, ThrottlingException, PriorRequestNotComplete, HTTP 5xx, network      retryable
 *   NoSuchHostedZone, AccessDenied, credentials/signature errors, InvalidInput, ...  'config'
 */
import { failure } from '../../core/ports/result.js';
const RETRYABLE_NAMES = new Set(['Throttling', 'ThrottlingException', 'PriorRequestNotComplete', 'ServiceUnavailable', 'InternalFailure', 'RequestTimeout', 'TimeoutError']);
/** What Route 53 says when a DELETE's values differ from the live set, or a CREATE finds one. */
const LOST_RACE = /not found|do not match|already exists/i;
export function classifyRoute53Error(error, hostedZoneId) {
    if (typeof error !== 'object' || error === null)
        return failure('unavailable', `route53: ${String(error)}`, true);
    const e = error;
    const documentMessages = e.Messages?.Message === undefined ? [] : typeof e.Messages.Message === 'string' ? [e.Messages.Message] : [...e.Messages.Message];
    const name = documentMessages.length > 0 ? 'InvalidChangeBatch' : e.name ?? 'Error';
    const text = [...(e.messages ?? []), ...documentMessages, documentMessages.length > 0 ? '' : e.message ?? ''].filter((m) => m !== '').join('; ');
    const status = e.$metadata?.httpStatusCode;
    if (name === 'InvalidChangeBatch') {
        if (LOST_RACE.test(text))
            return failure('conflict', `route53 ${hostedZoneId}: change batch refused, a fence or record set moved: ${text}`, true);
        return failure('config', `route53 ${hostedZoneId}: invalid change batch: ${text}`, false);
    }
    if (RETRYABLE_NAMES.has(name) || (status !== undefined && status >= 500)) {
        return failure(name.startsWith('Throttl') ? 'throttled' : 'unavailable', `route53 ${hostedZoneId}: ${name}: ${text}`, true);
    }
    if (status === undefined)
        return failure('unavailable', `route53 ${hostedZoneId}: ${name}: ${text}`, true);
    return failure('config', `route53 ${hostedZoneId}: ${name}: ${text}`, false);
}
//# sourceMappingURL=errors.js.map