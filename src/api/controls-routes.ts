/**
 * HTTP routes for operator controls (overrides, freezes). Decisions stay in the core; these only
 * validate the request shape and forward to Runtime.controls, which records every change as an event.
 *
 *   GET  /controls                 active controls
 *   POST /controls                 { kind, target, reason, by, ttlMs? }  → the recorded control
 *   POST /controls/remove          { kind, target, by }                  → the controls lifted
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Runtime } from '../app/runtime.js';
import type { ControlKind } from '../core/safety/operator-controls.js';

export const CONTROL_BODY_BYTES_MAX = 16 * 1024;

type Send = (response: ServerResponse, status: number, body: unknown) => void;

export async function controlsRoute(runtime: Runtime, method: string, path: string, request: IncomingMessage, response: ServerResponse, send: Send): Promise<void> {
  if (method === 'GET' && path === '/controls') return send(response, 200, runtime.controls.active());
  if (method !== 'POST' || (path !== '/controls' && path !== '/controls/remove')) return send(response, 404, { error: `no route ${method} ${path}` });
  const body = await readJson(request);
  if (body === null) return send(response, 400, { error: `body must be a JSON object of at most ${CONTROL_BODY_BYTES_MAX} bytes` });
  const kind = stringField(body, 'kind') as ControlKind | undefined;
  const target = stringField(body, 'target') ?? '*';
  const by = stringField(body, 'by') ?? '';
  if (kind === undefined) return send(response, 400, { error: 'kind is required' });
  if (path === '/controls/remove') {
    const removed = await runtime.controls.remove(kind, target, by || 'unknown');
    return removed.ok ? send(response, 200, { removed: removed.value }) : send(response, 503, { error: removed.message });
  }
  const ttlMs = body['ttlMs'];
  if (ttlMs !== undefined && typeof ttlMs !== 'number') return send(response, 400, { error: 'ttlMs must be a number' });
  const added = await runtime.controls.add({ kind, target, by, reason: stringField(body, 'reason') ?? '', ...(ttlMs === undefined ? {} : { ttlMs }) });
  if (added.ok) return send(response, 201, added.value);
  send(response, added.code === 'invalid' ? 400 : 503, { error: added.message });
}

function stringField(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key];
  return typeof value === 'string' ? value : undefined;
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown> | null> {
  let text = '';
  for await (const chunk of request) {
    text += (chunk as Buffer).toString('utf8');
    if (text.length > CONTROL_BODY_BYTES_MAX) return null;
  }
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
