/** Finds and calls the HTTP API of a running `dnsplane up`. */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfigFile } from '../app/config/index.js';
import { UsageError, stringOption } from './args.js';

export const API_URL_DEFAULT = 'http://127.0.0.1:8053';
export const API_TIMEOUT_MS = 5000;

/** --url wins; then the data dir's runtime.json; then --config's http.listen; then the default. */
export async function resolveApiUrl(values: Record<string, string | boolean | undefined>): Promise<string> {
  const url = stringOption(values, 'url');
  if (url !== undefined) return url.replace(/\/$/, '');
  const dataDir = stringOption(values, 'data-dir');
  if (dataDir !== undefined) {
    try {
      const runtime = JSON.parse(readFileSync(join(resolve(dataDir), 'runtime.json'), 'utf8')) as { http: { host: string; port: number } };
      return `http://${runtime.http.host}:${runtime.http.port}`;
    } catch (error) {
      throw new UsageError(`no running dnsplane found in ${dataDir} (runtime.json: ${error instanceof Error ? error.message : String(error)})`);
    }
  }
  const configPath = stringOption(values, 'config');
  if (configPath !== undefined) {
    const loaded = await loadConfigFile(configPath);
    if (!loaded.ok) throw new UsageError(`cannot read ${configPath}: ${loaded.errors[0]?.message ?? 'invalid'}`);
    return `http://${loaded.config.http.listen.host}:${loaded.config.http.listen.port}`;
  }
  return API_URL_DEFAULT;
}

export async function callApi<T>(baseUrl: string, path: string, method: 'GET' | 'POST' = 'GET'): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${baseUrl}${path}`, { method, signal: AbortSignal.timeout(API_TIMEOUT_MS) });
  } catch (error) {
    throw new ApiUnreachable(`cannot reach dnsplane at ${baseUrl} (${error instanceof Error ? error.message : String(error)}); is \`dnsplane up\` running?`);
  }
  const body = (await response.json()) as T & { error?: string };
  if (!response.ok) throw new ApiUnreachable(`${method} ${path}: ${response.status} ${body.error ?? ''}`);
  return body;
}

export class ApiUnreachable extends Error {
  override readonly name = 'ApiUnreachable';
}
