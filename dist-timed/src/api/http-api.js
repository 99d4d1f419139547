/**
 * The HTTP API of a running dnsplane (fastify, with a JSON schema on every route; the OpenAPI
 * document built from them is docs/api-openapi.json). It only reads and forwards; decisions stay
 * in the core. Every route but /healthz, /readyz and /openapi.json needs a bearer token (see
 * security.ts for the order of checks); writes need the 'operate' scope and are recorded with the
 * token's name. Requests are rate limited per caller, bodies are JSON of at most 16 KiB.
 *
 * Routes live in routes/, one file per resource; ROUTE_GROUPS lists them, and `extraRoutes` adds
 * more (the dashboard registers itself that way).
 */
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import Fastify, {} from 'fastify';
import { ROUTE_GROUPS } from './routes/index.js';
import { ApiAccess } from './security.js';
export const REQUEST_BODY_BYTES_MAX = 16 * 1024;
export async function startHttpApi(runtime, options) {
    const { app, access } = await buildApiApp(() => runtime, options);
    const port = await listenOn(app, options.listen);
    return { port, replaceTokens: (tokens) => access.replaceTokens(tokens), close: () => app.close() };
}
/** The fastify application with every route registered and ready (not listening). */
export async function buildApiApp(runtime, options) {
    const { security } = options;
    const app = Fastify({
        logger: false,
        bodyLimit: REQUEST_BODY_BYTES_MAX,
        // Keep-alive connections must not hold a stopping process open.
        keepAliveTimeout: 1000,
        forceCloseConnections: true,
        ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
    });
    const access = new ApiAccess(security, security.tokens);
    app.decorateRequest('caller', null);
    // JSON is the only body we parse: a form or text body is refused (415) before any route.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: REQUEST_BODY_BYTES_MAX }, app.getDefaultJsonParser('error', 'error'));
    app.addHook('onRequest', access.check);
    app.setErrorHandler((error, _request, reply) => {
        const status = error.statusCode ?? 500;
        return reply.code(status).send({ error: error.message, ...(error.code === undefined ? {} : { code: error.code }) });
    });
    app.setNotFoundHandler((request, reply) => reply.code(404).send({ error: `no route ${request.method} ${request.url.split('?')[0] ?? ''}` }));
    await app.register(swagger, { openapi: OPENAPI_INFO });
    // Limits count per caller (the token's name), after authentication: preHandler, not onRequest.
    await app.register(rateLimit, {
        global: true, hook: 'preHandler', max: security.rateLimit.requestsPerMinute, timeWindow: 60_000,
        keyGenerator: (request) => request.caller?.name ?? request.ip,
        // What is built here is thrown, and the error handler answers its message: `{ error: message }`.
        errorResponseBuilder: (_request, context) => ({ statusCode: 429, error: 'Too Many Requests', message: `rate limit: at most ${context.max} requests per minute; retry in ${context.after}` }),
    });
    const context = { runtime, writesPerMinute: security.rateLimit.writesPerMinute };
    app.get('/openapi.json', { config: { scope: 'public' }, schema: { hide: true } }, async () => app.swagger());
    for (const group of [...ROUTE_GROUPS, ...(options.extraRoutes ?? [])])
        group.register(app, context);
    await app.ready();
    return { app, access };
}
async function listenOn(app, listen) {
    await app.listen({ host: listen.host, port: listen.port, listenTextResolver: () => '' });
    const address = app.server.address();
    return typeof address === 'object' && address !== null ? address.port : listen.port;
}
const OPENAPI_INFO = {
    openapi: '3.1.0',
    info: {
        title: 'dnsplane API',
        version: '1',
        description: 'The HTTP API of a running dnsplane. Bearer tokens (Authorization: Bearer TOKEN) with scopes read and operate; writes are recorded with the token name. See docs/operations.md.',
    },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    security: [{ bearer: [] }],
};
//# sourceMappingURL=http-api.js.map