/** GET /status (the whole report, from cached live state) and GET /enactors (each Enactor's progress). */
import { errorResponses, looseObject } from './route-group.js';
export const statusRoutes = {
    name: 'status',
    register(app, { runtime }) {
        app.get('/status', {
            schema: {
                summary: 'Status: live generation and addresses per endpoint and provider (a provider that is down shows its last read, marked stale, and since when), Enactors, health, safety, alarms, recent decisions',
                tags: ['status'],
                response: { 200: looseObject('StatusReport (src/app/status.ts)', {
                        zone: { type: 'string' }, region: { type: 'string' }, endpoints: { type: 'array' }, providers: { type: 'array' }, enactors: { type: 'array' },
                        loadBalancers: { type: 'array' }, alarms: { type: 'array' }, events: { type: 'array' }, controlPlaneHalted: { type: ['string', 'null'] },
                    }), ...errorResponses },
            },
        }, async () => runtime().status());
        app.get('/enactors', {
            schema: {
                summary: 'Per Enactor and provider: last generation applied, writes, conflicts, errors; alarms',
                tags: ['status'],
                response: { 200: { type: 'array', items: looseObject('EnactorStatus', { id: { type: 'string' }, lastPlanGeneration: { type: 'number' }, providers: { type: 'object', additionalProperties: true }, alarms: { type: 'array' } }) }, ...errorResponses },
            },
        }, async () => (await runtime().status()).enactors);
    },
};
//# sourceMappingURL=status.js.map