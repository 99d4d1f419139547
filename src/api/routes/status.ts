/** GET /status (the whole report, from cached live state) and GET /enactors (each Enactor's progress). */
import { errorResponses, looseObject, type RouteGroup } from './route-group.js';

export const statusRoutes: RouteGroup = {
  name: 'status',
  register(app, { runtime }) {
    app.get<{ Querystring: { endpoints: 'all' | 'none' } }>('/status', {
      schema: {
        summary: 'Status: live generation and addresses per endpoint and provider (a provider that is down shows its last read, marked stale, and since when), per-provider sync counts, Enactors, health, safety, alarms, recent decisions',
        tags: ['status'],
        querystring: {
          type: 'object', additionalProperties: false,
          properties: { endpoints: { type: 'string', enum: ['all', 'none'], default: 'all', description: "'none': leave out the per-endpoint list (the sync counts stay): a cheap poll of a large fleet" } },
        },
        response: { 200: looseObject('StatusReport (src/app/status.ts)', {
          zone: { type: 'string' }, region: { type: 'string' }, endpoints: { type: 'array' }, sync: { type: 'array' }, providers: { type: 'array' }, enactors: { type: 'array' },
          loadBalancers: { type: 'array' }, alarms: { type: 'array' }, events: { type: 'array' }, controlPlaneHalted: { type: ['string', 'null'] },
        }), ...errorResponses },
      },
    }, async (request) => runtime().status({ endpoints: request.query.endpoints }));
    app.get('/enactors', {
      schema: {
        summary: 'Per Enactor and provider: last generation applied, writes, conflicts, errors; alarms',
        tags: ['status'],
        response: { 200: { type: 'array', items: looseObject('EnactorStatus', { id: { type: 'string' }, lastPlanGeneration: { type: 'number' }, providers: { type: 'object', additionalProperties: true }, alarms: { type: 'array' } }) }, ...errorResponses },
      },
    }, async () => (await runtime().status({ endpoints: 'none' })).enactors);
  },
};
