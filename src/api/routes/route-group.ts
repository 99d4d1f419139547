/**
 * A route group: one file under routes/ registers the routes of one resource on the fastify
 * instance, each with its JSON schemas (they validate requests and make the OpenAPI document) and
 * its scope (`config: { scope }`: 'public', 'read' — the default — or 'operate').
 *
 * To add routes (the dashboard, say): write `routes/NAME.ts` exporting a RouteGroup and add it to
 * ROUTE_GROUPS in routes/index.ts, or pass it to startHttpApi({ extraRoutes }).
 */
import type { FastifyInstance } from 'fastify';
import type { Runtime } from '../../app/runtime.js';

export interface RouteContext {
  /** The running runtime; a function so that the OpenAPI document can be built without one. */
  readonly runtime: () => Runtime;
  /** Requests per minute per caller on write routes (config http.rateLimit.writesPerMinute). */
  readonly writesPerMinute: number;
}

export interface RouteGroup {
  readonly name: string;
  register(app: FastifyInstance, context: RouteContext): void;
}

/** The standard error body of every route: `{ error }`. */
export const ERROR_SCHEMA = {
  type: 'object',
  properties: { error: { type: 'string' }, code: { type: 'string' } },
  required: ['error'],
} as const;

/** A response documented by its top-level shape; further fields pass through (the report grows). */
export function looseObject(description: string, properties: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'object', description, properties, additionalProperties: true };
}

export const errorResponses = { 400: ERROR_SCHEMA, 401: ERROR_SCHEMA, 403: ERROR_SCHEMA, 429: ERROR_SCHEMA } as const;

/** The rate limit of a write route (per caller). */
export function writeLimit(context: RouteContext): { rateLimit: { max: number; timeWindow: number } } {
  return { rateLimit: { max: context.writesPerMinute, timeWindow: 60_000 } };
}
