/**
 * Operator controls (overrides, freezes, adoptions). Decisions stay in the core; these routes
 * validate the request and forward it to the runtime, which records every change as an event.
 * Who acted is the caller's token name — never anything the request says.
 *
 *   GET  /controls          the controls in force
 *   POST /controls          { kind, target, reason, ttlMs? }  → the recorded control (201)
 *   POST /controls/remove   { kind, target }                  → the controls lifted
 */
import { CONTROL_KINDS, CONTROL_REASON_CHARS_MAX } from '../../app/operator-controls.js';
import { ERROR_SCHEMA, errorResponses, writeLimit } from './route-group.js';
/** A DNS name (253) with its trailing dot, or '*'. */
const TARGET_CHARS_MAX = 254;
const controlSchema = {
    type: 'object',
    properties: {
        id: { type: 'string' }, kind: { type: 'string', enum: [...CONTROL_KINDS] }, target: { type: 'string' }, reason: { type: 'string' }, by: { type: 'string' },
        createdAtMs: { type: 'number' }, expiresAtMs: { type: ['number', 'null'] },
    },
};
const targetField = { type: 'string', minLength: 1, maxLength: TARGET_CHARS_MAX, description: "An endpoint name, or '*' for every endpoint" };
const kindField = { type: 'string', enum: [...CONTROL_KINDS] };
export const controlRoutes = {
    name: 'controls',
    register(app, context) {
        const { runtime } = context;
        app.get('/controls', {
            schema: { summary: 'Operator controls in force', tags: ['controls'], response: { 200: { type: 'array', items: controlSchema }, ...errorResponses } },
        }, async () => runtime().controls.active());
        app.post('/controls', {
            config: { scope: 'operate', ...writeLimit(context) },
            schema: {
                summary: 'Add an operator control; recorded with the token name as who acted', tags: ['controls'],
                body: {
                    type: 'object', additionalProperties: false, required: ['kind', 'reason'],
                    properties: {
                        kind: kindField, target: targetField,
                        reason: { type: 'string', minLength: 1, maxLength: CONTROL_REASON_CHARS_MAX },
                        ttlMs: { type: 'integer', minimum: 1, description: 'Required for overrides and adoptions (at most a day); absent for a freeze' },
                    },
                },
                response: { 201: controlSchema, 409: ERROR_SCHEMA, 503: ERROR_SCHEMA, ...errorResponses },
            },
        }, async (request, reply) => {
            const { kind, target, reason, ttlMs } = request.body;
            const added = await runtime().controls.add({ kind, target: target ?? '*', reason, by: request.caller.name, ...(ttlMs === undefined ? {} : { ttlMs }) });
            if (added.ok)
                return reply.code(201).send(added.value);
            return reply.code(added.code === 'invalid' ? 400 : added.code === 'limit' ? 409 : 503).send({ error: added.message, code: added.code });
        });
        app.post('/controls/remove', {
            config: { scope: 'operate', ...writeLimit(context) },
            schema: {
                summary: 'Lift the controls of a kind on a target; recorded with the token name', tags: ['controls'],
                body: { type: 'object', additionalProperties: false, required: ['kind'], properties: { kind: kindField, target: targetField } },
                response: { 200: { type: 'object', properties: { removed: { type: 'array', items: controlSchema } } }, 503: ERROR_SCHEMA, ...errorResponses },
            },
        }, async (request, reply) => {
            const removed = await runtime().controls.remove(request.body.kind, request.body.target ?? '*', request.caller.name);
            return removed.ok ? { removed: removed.value } : reply.code(503).send({ error: removed.message, code: removed.code });
        });
    },
};
//# sourceMappingURL=controls.js.map