/** Shared by `dnsplane override` and `dnsplane freeze`: POSTs a control to the running dnsplane. */
import { API_TIMEOUT_MS, ApiUnreachable } from './api-client.js';
import { UsageError } from './args.js';

export async function postControl<T>(baseUrl: string, path: '/controls' | '/controls/remove', body: Record<string, unknown>): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${baseUrl}${path}`, {
      method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' }, signal: AbortSignal.timeout(API_TIMEOUT_MS),
    });
  } catch (error) {
    throw new ApiUnreachable(`cannot reach dnsplane at ${baseUrl} (${error instanceof Error ? error.message : String(error)}); is \`dnsplane up\` running?`);
  }
  const parsed = (await response.json()) as T & { error?: string };
  if (response.status === 400) throw new UsageError(parsed.error ?? 'refused');
  if (!response.ok) throw new ApiUnreachable(`POST ${path}: ${response.status} ${parsed.error ?? ''}`);
  return parsed;
}

/** `90s`, `10m`, `2h`, `1500ms` → milliseconds. */
export function parseDurationMs(text: string): number {
  const match = /^(\d{1,9})(ms|s|m|h)$/.exec(text.trim());
  if (!match) throw new UsageError(`duration '${text}' must look like 1500ms, 90s, 10m or 2h`);
  const unitMs = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2] as 'ms' | 's' | 'm' | 'h'];
  return Number(match[1]) * unitMs;
}

export function operatorName(values: Record<string, string | boolean | undefined>): string {
  const by = values['by'];
  return typeof by === 'string' && by.length > 0 ? by : (process.env['USER'] ?? 'operator');
}
