import { ednsHandler } from './handlers/edns.js';
import { guardHandler } from './handlers/guard.js';
import { queryHandler } from './handlers/query.js';
import { transferHandler } from './handlers/transfer.js';
import { tsigHandler } from './handlers/tsig.js';
import { updateHandler } from './handlers/update.js';
export function buildChain(options) {
    return [
        guardHandler,
        ednsHandler(options.udpPayloadMax),
        tsigHandler(options.tsigKeys, options.nowSeconds),
        ...(options.transfer === undefined ? [] : [transferHandler({ zone: options.zone, contents: options.transfer.contents, versions: options.transfer.versions }, options.transfer.keys)]),
        updateHandler({
            apply: options.applyUpdate, recordsMax: options.updateRecordsMax ?? Number.POSITIVE_INFINITY,
            ...(options.onUpdate === undefined ? {} : { onResult: options.onUpdate }),
            ...(options.updatePolicy === undefined ? {} : { policy: options.updatePolicy }),
            ...(options.onUpdateRefused === undefined ? {} : { onRefused: options.onUpdateRefused }),
        }),
        queryHandler(options.zone, options.random),
    ];
}
//# sourceMappingURL=chain.js.map