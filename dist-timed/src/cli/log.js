/**
 * Log lines of `dnsplane up`: one JSON object per line on stderr, each with an ISO `time`, filtered
 * by --log-level. Lines the runtime writes itself (already JSON) are filtered by their `level`.
 */
import { UsageError } from './args.js';
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'];
const RANK = { debug: 0, info: 1, warn: 2, error: 3, fatal: 4 };
export function levelLogger(levelText, write = (line) => void process.stderr.write(`${line}\n`)) {
    if (!LOG_LEVELS.includes(levelText))
        throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(', ')}, got '${levelText}'`);
    const threshold = RANK[levelText];
    const logger = ((level, fields) => {
        if (RANK[level] >= threshold)
            write(JSON.stringify({ level, time: new Date().toISOString(), ...fields }));
    });
    logger.line = (text) => {
        if ((RANK[levelOf(text)] ?? RANK['info']) >= threshold)
            write(withTime(text));
    };
    return logger;
}
function levelOf(text) {
    const match = /"level":"([a-z]+)"/.exec(text);
    return match?.[1] ?? 'info';
}
/** Every line carries an ISO timestamp; lines that have one already keep theirs. */
function withTime(text) {
    if (text.includes('"time":') || !text.startsWith('{'))
        return text;
    return `{"time":"${new Date().toISOString()}",${text.slice(1)}`;
}
//# sourceMappingURL=log.js.map