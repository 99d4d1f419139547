import { ERROR_SCHEMA, errorResponses } from './route-group.js';
export const EVENTS_LIMIT_MAX = 1000;
const eventSchema = {
    type: 'object', additionalProperties: true,
    properties: { id: { type: 'integer' }, atMs: { type: 'number' }, kind: { type: 'string' }, actor: { type: 'string' }, reason: { type: 'string' }, endpoint: { type: 'string' }, generation: { type: 'number' }, provider: { type: 'string' } },
};
export const historyRoutes = {
    name: 'history',
    register(app, { runtime }) {
        app.get('/events', {
            schema: {
                summary: 'Recent decision events (in memory), oldest first', tags: ['history'],
                querystring: { type: 'object', properties: { limit: { type: 'integer', minimum: 1, maximum: EVENTS_LIMIT_MAX, default: 100 } }, additionalProperties: false },
                response: { 200: { type: 'array', items: eventSchema }, ...errorResponses },
            },
        }, async (request) => runtime().events.latest(request.query.limit));
        app.get('/history', {
            schema: {
                summary: 'The durable audit log: the newest events by default (returned oldest first); sinceId pages forward, order=newest-first with beforeId pages back',
                tags: ['history'],
                querystring: {
                    type: 'object', additionalProperties: false,
                    properties: {
                        sinceId: { type: 'integer', minimum: 0 }, beforeId: { type: 'integer', minimum: 1 },
                        kind: { type: 'array', items: { type: 'string', maxLength: 64 }, maxItems: 64 }, endpoint: { type: 'string', maxLength: 254 },
                        since: { type: 'string', format: 'date-time', description: 'only events at or after this time' },
                        until: { type: 'string', format: 'date-time', description: 'only events before this time' },
                        limit: { type: 'integer', minimum: 1, maximum: EVENTS_LIMIT_MAX, default: 100 }, order: { type: 'string', enum: ['ascending', 'newest-first'] },
                    },
                },
                response: { 200: { type: 'array', items: eventSchema }, 503: ERROR_SCHEMA, ...errorResponses },
            },
        }, async (request, reply) => {
            const q = request.query;
            // Without a cursor the question is "what happened lately": the newest, in reading order.
            const latest = q.sinceId === undefined && q.order === undefined;
            const result = await runtime().history({
                limit: q.limit,
                order: latest || q.order === 'newest-first' ? 'newest-first' : 'ascending',
                ...(q.sinceId === undefined ? {} : { sinceId: q.sinceId }),
                ...(q.beforeId === undefined ? {} : { beforeId: q.beforeId }),
                ...(q.endpoint === undefined ? {} : { endpoint: q.endpoint }),
                ...(q.since === undefined ? {} : { fromAtMs: Date.parse(q.since) }),
                ...(q.until === undefined ? {} : { toAtMs: Date.parse(q.until) }),
                ...(q.kind === undefined || q.kind.length === 0 ? {} : { kinds: q.kind }),
            });
            if (!result.ok)
                return reply.code(503).send({ error: result.message, code: result.code });
            return latest ? [...result.value].reverse() : result.value;
        });
    },
};
//# sourceMappingURL=history.js.map