/** The demo fleet's switches (`dnsplane up` without --config): GET /demo, POST /demo/lb/:id/stop|start. */
import { ERROR_SCHEMA, errorResponses, writeLimit } from './route-group.js';
const lbList = { type: 'array', items: { type: 'object', additionalProperties: true, properties: { id: { type: 'string' }, port: { type: 'integer' }, running: { type: 'boolean' } } } };
const NOT_DEMO = 'not running the demo fleet (dnsplane up was given a config)';
export const demoRoutes = {
    name: 'demo',
    register(app, context) {
        const { runtime } = context;
        app.get('/demo', {
            schema: { summary: 'The demo load balancers (404 when not in demo mode)', tags: ['demo'], response: { 200: lbList, 404: ERROR_SCHEMA, ...errorResponses } },
        }, async (_request, reply) => {
            const demo = runtime().demo;
            return demo === undefined ? reply.code(404).send({ error: NOT_DEMO }) : demo.list();
        });
        app.post('/demo/lb/:id/:action', {
            config: { scope: 'operate', ...writeLimit(context) },
            schema: {
                summary: 'Stop or start a demo load balancer', tags: ['demo'],
                params: { type: 'object', required: ['id', 'action'], properties: { id: { type: 'string', pattern: '^[A-Za-z0-9._-]{1,63}$' }, action: { type: 'string', enum: ['stop', 'start'] } } },
                body: { type: 'object', additionalProperties: false, properties: {} },
                response: { 200: { type: 'object', properties: { id: { type: 'string' }, action: { type: 'string' }, changed: { type: 'boolean' }, by: { type: 'string' }, loadBalancers: lbList } }, 404: ERROR_SCHEMA, ...errorResponses },
            },
        }, async (request, reply) => {
            const demo = runtime().demo;
            if (demo === undefined)
                return reply.code(404).send({ error: NOT_DEMO });
            const { id, action } = request.params;
            if (!demo.list().some((lb) => lb.id === id))
                return reply.code(404).send({ error: `no demo load balancer '${id}'; have ${demo.list().map((lb) => lb.id).join(', ')}` });
            const changed = action === 'stop' ? await demo.stop(id) : await demo.start(id);
            return { id, action, changed, by: request.caller.name, loadBalancers: demo.list() };
        });
    },
};
//# sourceMappingURL=demo.js.map