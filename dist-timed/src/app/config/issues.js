import { allowedKeysAt, closestKey } from './suggest.js';
export function problemsFromZod(issues, input) {
    return issues.flatMap((issue) => problemsFromIssue(issue, input));
}
function problemsFromIssue(issue, input) {
    const path = issue.path;
    if (issue.code === 'unrecognized_keys') {
        const allowed = allowedKeysAt(path);
        return issue.keys.map((key) => ({ path: [...path, key], at: 'key', message: unknownKeyMessage(key, allowed) }));
    }
    if ((issue.code === 'invalid_type' || issue.code === 'invalid_value') && !hasPath(input, path)) {
        return [{ path, at: 'value', message: 'required field is missing' }];
    }
    return [{ path, at: 'value', message: describeIssue(issue) }];
}
function unknownKeyMessage(key, allowed) {
    const suggestion = closestKey(key, allowed);
    return suggestion === undefined ? `unknown key '${key}'` : `unknown key '${key}' (did you mean '${suggestion}'?)`;
}
function describeIssue(issue) {
    switch (issue.code) {
        case 'invalid_type':
            return `expected ${withArticle(issue.expected)}, got ${describeValue(issue.input)}`;
        case 'invalid_value':
            return `${describeValue(issue.input)} is not one of: ${issue.values.map(String).join(', ')}`;
        case 'too_small':
            return describeBound('at least', 'more than', issue.origin, issue.minimum, issue.inclusive);
        case 'too_big':
            return describeBound('at most', 'less than', issue.origin, issue.maximum, issue.inclusive);
        default:
            return issue.message;
    }
}
function describeBound(inclusiveWord, exclusiveWord, origin, bound, inclusive) {
    const word = inclusive === false ? exclusiveWord : inclusiveWord;
    if (origin === 'array' || origin === 'set')
        return `must have ${word} ${bound} item${bound === 1 ? '' : 's'}`;
    if (origin === 'string')
        return bound === 1 && word === 'at least' ? 'must not be empty' : `must be ${word} ${bound} characters long`;
    return `must be ${word} ${bound}`;
}
function withArticle(expected) {
    const noun = expected === 'int' ? 'integer' : expected;
    return /^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`;
}
/** Base64 of 16 bytes or more: what tsig-keygen and API tokens look like; no name, address or number does. */
export function looksLikeKeyMaterial(value) {
    return value.length >= 24 && /^[A-Za-z0-9+/]+={0,2}$/.test(value) && /\d/.test(value) && /[a-z]/.test(value) && /[A-Z]/.test(value);
}
/** A value as it appeared in the file, for messages: `string 'abc'`, `number 7`, `null (an empty value)`. */
export function describeValue(value) {
    if (value === null)
        return 'null (an empty value)';
    if (Array.isArray(value))
        return 'a list';
    // A TSIG secret or token put in the wrong field must not be printed back into logs and terminals.
    if (typeof value === 'string' && looksLikeKeyMaterial(value))
        return `a string of ${value.length} characters that looks like key material (not shown)`;
    if (typeof value === 'string')
        return `'${value.length > 60 ? `${value.slice(0, 57)}...` : value}'`;
    if (typeof value === 'object')
        return 'a mapping';
    if (typeof value === 'number' && !Number.isInteger(value))
        return `the fraction ${value}`;
    return `${typeof value} ${String(value)}`;
}
function hasPath(root, path) {
    let node = root;
    for (const segment of path) {
        if (typeof node !== 'object' || node === null)
            return false;
        if (!Object.prototype.hasOwnProperty.call(node, segment))
            return false;
        node = node[segment];
    }
    return node !== undefined;
}
/** `['loadBalancers', 2, 'ipv4']` → `loadBalancers[2].ipv4`. */
export function formatPath(path) {
    let text = '';
    for (const segment of path) {
        if (typeof segment === 'number')
            text += `[${segment}]`;
        else if (/^[A-Za-z_$][\w$]*$/.test(String(segment)))
            text += text === '' ? String(segment) : `.${String(segment)}`;
        else
            text += `[${JSON.stringify(String(segment))}]`;
    }
    return text;
}
/** One line per issue: `examples/bad.yaml:7:11: loadBalancers[1].ipv4: '300.1.1.1' is not a valid IPv4 address`. */
export function formatConfigIssues(issues) {
    return issues.map(formatConfigIssue).join('\n');
}
export function formatConfigIssue(issue) {
    const where = issue.line === undefined ? issue.file : `${issue.file}:${issue.line}:${issue.column ?? 1}`;
    const field = issue.path === '' ? '' : `${issue.path}: `;
    return `${where}: ${field}${issue.message}`;
}
/** Orders issues as they appear in the file, so the output reads top to bottom. */
export function byPosition(a, b) {
    return (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0) || a.path.localeCompare(b.path);
}
//# sourceMappingURL=issues.js.map