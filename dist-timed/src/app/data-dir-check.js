/**
 * Whether a data dir can be written, checked before a process writes anything into it (one line
 * naming the path and the reason; nothing left behind). The check lives with the embedded DNS
 * server, whose journal is the first thing that needs it; cli/ reaches it through here.
 */
export { dataDirProblem, DataDirUnwritable } from '../dns-server/data-dir.js';
//# sourceMappingURL=data-dir-check.js.map