/** GET /metrics: Prometheus text format (docs/operations.md lists every metric). Needs the read scope. */
import { errorResponses } from './route-group.js';
export const metricsRoutes = {
    name: 'metrics',
    register(app, { runtime }) {
        app.get('/metrics', {
            schema: { summary: 'Prometheus metrics (text exposition format)', tags: ['metrics'], response: { 200: { type: 'string' }, ...errorResponses } },
        }, async (_request, reply) => {
            const metrics = runtime().metrics;
            return reply.type(metrics.contentType).send(await metrics.text());
        });
    },
};
//# sourceMappingURL=metrics.js.map