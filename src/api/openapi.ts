/**
 * The OpenAPI document of the API (docs/api-openapi.json), built from the routes' own JSON schemas
 * by @fastify/swagger, so the two cannot disagree. A running instance also serves it at
 * GET /openapi.json; test/app/api-openapi.test.ts fails while the committed file differs.
 */
import type { Runtime } from '../app/runtime.js';
import { buildApiApp } from './http-api.js';

export async function openApiDocumentText(): Promise<string> {
  const noRuntime = (): Runtime => {
    throw new Error('the OpenAPI document is built without a runtime');
  };
  const { app } = await buildApiApp(noRuntime, {
    security: { tokens: null, listenHost: '127.0.0.1', allowedHosts: [], allowUnauthenticatedLoopback: false, rateLimit: { requestsPerMinute: 1, writesPerMinute: 1 } },
  });
  try {
    return `${JSON.stringify(app.swagger(), null, 2)}\n`;
  } finally {
    await app.close();
  }
}
