/** The DNS wire format: shared by the embedded server and the RFC 2136 client. */
export * from './constants.js';
export * from './message.js';
export { parseMessage, readHeader, readRData } from './decode.js';
export { encodeMessage, headerFlags, rdataBytes, ipv4ToBytes, ipv6ToBytes, writeRecord, WireWriter } from './encode.js';
export { readName, nameToLabels, parentName, NameError } from './name.js';
export * from './tsig.js';
//# sourceMappingURL=index.js.map