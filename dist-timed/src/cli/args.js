/** Argument parsing shared by the commands: node:util parseArgs, strict, with usage errors as data. */
import { parseArgs } from 'node:util';
export class UsageError extends Error {
    name = 'UsageError';
}
export function parseCommandArgs(argv, options, allowPositionals = false) {
    try {
        const parsed = parseArgs({ args: [...argv], options, strict: true, allowPositionals });
        return { values: parsed.values, positionals: parsed.positionals };
    }
    catch (error) {
        throw new UsageError(error instanceof Error ? error.message : String(error));
    }
}
export function stringOption(values, name) {
    const value = values[name];
    return typeof value === 'string' ? value : undefined;
}
//# sourceMappingURL=args.js.map