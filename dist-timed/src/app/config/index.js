/**
 * Configuration: load a YAML file, validate it, get a typed DnsplaneConfig (or every problem with
 * file:line:column and field path). See docs/configuration.md for the format.
 */
export { loadConfigFile, parseConfigText, validateConfigValue, CONFIG_FILE_BYTES_MAX } from './load.js';
export { formatConfigIssues, formatConfigIssue } from './issues.js';
export { demoConfig, demoConfigText, DEMO_LOAD_BALANCER_COUNT, DEMO_REGIONAL_NAME } from './demo.js';
export { configJsonSchema, configJsonSchemaText } from './json-schema.js';
export { CONFIG_LIMITS, DEFAULTS, TSIG_ALGORITHMS } from './schema.js';
export { HTTP_DEFAULTS, HTTP_LIMITS, httpListenProblem, isLoopbackHost } from './http-schema.js';
export { parseHostPort } from './field-checks.js';
//# sourceMappingURL=index.js.map