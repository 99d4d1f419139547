/**
 * Loading a config: read the file, parse YAML (keeping positions), validate with the schema,
 * build the typed DnsplaneConfig. Every expected failure (unreadable file, YAML syntax, invalid
 * field) comes back as ConfigIssue[] with file, line, column and field path; all of them at once,
 * so an operator fixes a file in one pass. Nothing here throws for a bad file.
 */
import { readFile, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { CORE_SCHEMA, load as loadYaml } from 'js-yaml';
import { LineCounter, parseDocument } from 'yaml';
import { buildConfig } from './build.js';
import { byPosition, formatPath, problemsFromZod } from './issues.js';
import { locate, position } from './positions.js';
import { configSchema } from './schema.js';
/** A config larger than this is refused before parsing: it is not a config, and parsing is not free. */
export const CONFIG_FILE_BYTES_MAX = 64 * 1024 * 1024;
/** YAML aliases expand; a bound stops a "billion laughs" file from exhausting memory. */
const YAML_ALIASES_MAX = 100;
export async function loadConfigFile(path, options = {}) {
    const text = await readConfigText(path);
    if (typeof text !== 'string')
        return { ok: false, errors: [text] };
    return parseConfigText(text, path, { baseDir: dirname(resolve(path)), ...options });
}
async function readConfigText(path) {
    try {
        const info = await stat(path);
        if (!info.isFile())
            return { file: path, path: '', message: 'cannot read the config: not a regular file' };
        if (info.size > CONFIG_FILE_BYTES_MAX)
            return { file: path, path: '', message: `cannot read the config: ${info.size} bytes is more than ${CONFIG_FILE_BYTES_MAX}` };
        return await readFile(path, 'utf8');
    }
    catch (error) {
        return { file: path, path: '', message: `cannot read the config: ${errorText(error)}` };
    }
}
function errorText(error) {
    if (error instanceof Error)
        return 'code' in error && typeof error.code === 'string' ? `${error.code} (${error.message})` : error.message;
    return String(error);
}
export function parseConfigText(text, fileLabel, options = {}) {
    // Fast path: positions are only needed when something is wrong. JSON.parse, or js-yaml's plain
    // parse, is one to two orders of magnitude faster than the position-keeping parse below (100,000
    // endpoints: seconds, not minutes). A file that fails here, or fails validation, is parsed
    // again below, with positions, so its issues name line and column.
    const plain = parseJsonQuietly(text) ?? parseYamlQuietly(text);
    if (plain !== undefined) {
        const fast = validateConfigValue(plain, fileLabel, options);
        if (fast.ok)
            return fast;
    }
    const counter = new LineCounter();
    const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
    if (doc.errors.length > 0) {
        return { ok: false, errors: doc.errors.map((e) => ({ file: fileLabel, ...position(counter, e.pos[0]), path: '', message: `YAML syntax: ${yamlMessage(e.code, e.message)}` })) };
    }
    const input = toPlainData(doc);
    if (input instanceof Error)
        return { ok: false, errors: [{ file: fileLabel, line: 1, column: 1, path: '', message: `YAML: ${input.message}` }] };
    return validateConfigValue(input, fileLabel, options, (problem) => locate(doc, counter, problem.path, problem.at));
}
/**
 * Validates a config already in memory (a parsed file, or one built in code by a benchmark or a
 * test) and builds DnsplaneConfig. `locateProblem` gives issues their line and column when the
 * value came from text; without it issues carry the field path only.
 */
export function validateConfigValue(input, fileLabel, options = {}, locateProblem) {
    // An empty document is null: report its missing fields rather than "expected an object".
    const parsed = configSchema.safeParse(input ?? {}, { reportInput: true });
    if (!parsed.success) {
        const problems = problemsFromZod(parsed.error.issues, input);
        return { ok: false, errors: problems.map((p) => toIssue(p, fileLabel, locateProblem)).sort(byPosition) };
    }
    const context = {
        source: fileLabel,
        baseDir: resolve(options.baseDir ?? '.'),
        dataDir: resolve(options.dataDir ?? 'dnsplane-data'),
    };
    return { ok: true, config: buildConfig(parsed.data, context) };
}
function parseJsonQuietly(text) {
    if (!text.trimStart().startsWith('{'))
        return undefined;
    try {
        return JSON.parse(text);
    }
    catch {
        return undefined;
    }
}
/**
 * YAML 1.2 core schema (as the position-keeping parse reads it: no timestamps, no merge keys).
 * A text that may hold anchors or aliases takes the slow path, which bounds alias expansion;
 * duplicate keys and syntax errors throw here and are reported there.
 */
function parseYamlQuietly(text) {
    if (/[&*]/.test(text))
        return undefined;
    try {
        return loadYaml(text, { schema: CORE_SCHEMA }) ?? undefined;
    }
    catch {
        return undefined;
    }
}
function toPlainData(doc) {
    try {
        return doc.toJS({ maxAliasCount: YAML_ALIASES_MAX });
    }
    catch (error) {
        return error instanceof Error ? error : new Error(String(error));
    }
}
function yamlMessage(code, message) {
    if (code === 'DUPLICATE_KEY')
        return 'duplicate key (each key may appear once per mapping)';
    return message;
}
function toIssue(problem, file, locateProblem) {
    const path = formatPath(problem.path);
    if (locateProblem === undefined)
        return { file, path, message: problem.message };
    return { file, ...locateProblem(problem), path, message: problem.message };
}
//# sourceMappingURL=load.js.map