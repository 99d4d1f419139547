/**
 * Loading a large config: `dnsplane up --config` on a generated fleet written as YAML and as JSON,
 * timed from text to a validated DnsplaneConfig, against a reference measured in the same run
 * (JSON.parse of the same JSON text: the least any loader must do). The slow path, a YAML file
 * with one error (positions computed to name its line), is measured too at a tenth of the size.
 */
import { stringify } from 'yaml';
import { parseConfigText } from '../src/app/config/load.js';
import { syntheticConfigText } from './fleet.js';
function timed(run) {
    const started = performance.now();
    const value = run();
    return { value, ms: performance.now() - started };
}
function configTexts(endpoints) {
    const json = syntheticConfigText(endpoints, 8, '/tmp/dnsplane-bench-config', '127.0.0.1:0', '127.0.0.1:0');
    return { json, yaml: stringify(JSON.parse(json)) };
}
export function benchConfigLoad(endpoints = 100_000) {
    const texts = configTexts(endpoints);
    const reference = timed(() => JSON.parse(texts.json));
    const yaml = timed(() => parseConfigText(texts.yaml, 'bench.yaml'));
    if (!yaml.value.ok)
        throw new Error(`the generated YAML config did not load: ${yaml.value.errors[0]?.message ?? ''}`);
    const json = timed(() => parseConfigText(texts.json, 'bench.json'));
    const errorEndpoints = Math.max(1, Math.floor(endpoints / 10));
    const broken = configTexts(errorEndpoints).yaml.replace('capacity: 1', 'capacity: -1');
    const withError = timed(() => parseConfigText(broken, 'broken.yaml'));
    if (withError.value.ok)
        throw new Error('the broken YAML config loaded');
    return {
        endpoints, yamlBytes: texts.yaml.length, yamlMs: yaml.ms, jsonMs: json.ms, referenceJsonParseMs: reference.ms,
        yamlToReferenceRatio: yaml.ms / Math.max(reference.ms, 1e-3), errorEndpoints, yamlWithErrorMs: withError.ms,
    };
}
//# sourceMappingURL=config-load.js.map