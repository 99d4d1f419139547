/** GET /healthz: the process is alive (it answers). GET /readyz: the store and every provider are reachable. */
import { ERROR_SCHEMA, looseObject } from './route-group.js';
export const healthRoutes = {
    name: 'health',
    register(app, { runtime }) {
        app.get('/healthz', {
            // Never rate limited: a liveness probe answered 429 would have a healthy process restarted.
            // It costs nothing; /readyz reads the store and stays limited.
            config: { scope: 'public', rateLimit: false },
            schema: { summary: 'Liveness: 200 while the process answers', tags: ['health'], security: [], response: { 200: { type: 'string' } } },
        }, async (_request, reply) => reply.type('text/plain').send('ok\n'));
        app.get('/readyz', {
            config: { scope: 'public' },
            schema: {
                summary: 'Readiness: 200 when the plan store and every DNS provider are reachable and the control plane runs; 503 otherwise, with which and since when',
                tags: ['health'], security: [],
                response: { 200: readiness, 503: readiness, 500: ERROR_SCHEMA },
            },
        }, async (_request, reply) => {
            const ready = await runtime().readiness();
            return reply.code(ready.ready ? 200 : 503).send(ready);
        });
    },
};
const readiness = looseObject('Readiness', {
    ready: { type: 'boolean' },
    store: { type: 'object', properties: { reachable: { type: 'boolean' }, error: { type: 'string' } } },
    providers: {
        type: 'array',
        items: { type: 'object', properties: { id: { type: 'string' }, reachable: { type: 'boolean' }, downSinceMs: { type: ['number', 'null'] }, error: { type: 'string' } } },
    },
    controlPlaneHalted: { type: ['string', 'null'] },
});
//# sourceMappingURL=health.js.map