/**
 * `dnsplane validate --config FILE`: exit 0 and a summary, or every problem and exit 2. Beyond the
 * file itself it loads what the file references as `up` would — TSIG secrets (files, environment
 * variables) and API tokens — so a config that validates does start.
 */
import { formatConfigIssues, loadConfigFile } from '../app/config/index.js';
import { providerSecretProblems } from '../app/providers.js';
import { loadTokens } from '../api/tokens.js';
import { UsageError, parseCommandArgs, stringOption } from './args.js';
import { writeJson } from './output.js';
export const VALIDATE_USAGE = `dnsplane validate --config FILE [--json]
  Checks a configuration without starting anything: the file, and the secrets and tokens it
  references (files, environment variables). Exit 0 when valid, 2 with every problem
  (file:line:column: field: what is wrong) when not.`;
export async function validateCommand(argv) {
    const { values } = parseCommandArgs(argv, { config: { type: 'string' }, json: { type: 'boolean' } });
    const path = stringOption(values, 'config');
    if (path === undefined)
        throw new UsageError('validate needs --config FILE');
    const json = values['json'] === true;
    const loaded = await loadConfigFile(path);
    const problems = loaded.ok ? referencedProblems(path, loaded.config) : [...loaded.errors];
    if (problems.length > 0) {
        if (json)
            writeJson({ ok: false, problems, exitCode: 2 });
        else
            process.stderr.write(`${formatConfigIssues(problems)}\n`);
        return 2;
    }
    if (!loaded.ok)
        return 2;
    const c = loaded.config;
    if (json) {
        writeJson({ ok: true, zone: c.zone, loadBalancers: c.fleet.loadBalancers.length, endpoints: c.fleet.endpoints.length, enactors: c.enactors, providers: c.providers.map((p) => p.id) });
    }
    else {
        process.stdout.write(`${path}: ok (zone ${c.zone}, ${c.fleet.loadBalancers.length} load balancers, ${c.fleet.endpoints.length} endpoints, enactors ${c.enactors.join(', ')})\n`);
    }
    return 0;
}
function referencedProblems(file, config) {
    const secrets = providerSecretProblems(config.providers).map((message) => ({ file, path: 'providers', message }));
    const tokens = config.http.tokens === undefined ? null : loadTokens(config.http.tokens, process.env);
    return [...secrets, ...(tokens === null || tokens.ok ? [] : [{ file, path: 'http.tokens', message: tokens.message }])];
}
//# sourceMappingURL=validate-command.js.map