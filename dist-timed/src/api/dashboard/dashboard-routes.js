/**
 * The dashboard: GET / (the page), GET /dashboard/assets/* (its script and style) and
 * GET /dashboard/state (what it shows; the 'read' scope).
 *
 * The page and its assets hold no data and no secret, so they are public: a browser cannot send
 * a bearer token when it navigates. The page asks for the token (or takes it once from the URL
 * fragment, `/#token=…`, which is never sent to a server or written to a log), keeps it in
 * sessionStorage for the tab, and sends it as `Authorization: Bearer` on every data request.
 * A strict Content-Security-Policy allows only our own script and style; no inline code.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DashboardStateSource } from './dashboard-state.js';
const ASSET_TYPES = {
    'index.html': 'text/html; charset=utf-8',
    'dashboard.js': 'text/javascript; charset=utf-8',
    'dashboard.css': 'text/css; charset=utf-8',
};
const SECURITY_HEADERS = {
    'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
};
/** A route group (routes/route-group.ts) that needs only the runtime from the route context. */
export const dashboardRoutes = {
    name: 'dashboard',
    register(app, { runtime }) {
        const assets = loadAssets();
        const source = new DashboardStateSource(runtime);
        const serve = (name) => async (_request, reply) => reply.headers(SECURITY_HEADERS).type(ASSET_TYPES[name]).send(assets.get(name));
        const page = { config: { scope: 'public' }, schema: { hide: true } };
        app.get('/', page, serve('index.html'));
        app.get('/dashboard/assets/dashboard.js', page, serve('dashboard.js'));
        app.get('/dashboard/assets/dashboard.css', page, serve('dashboard.css'));
        app.get('/dashboard/state', {
            schema: {
                summary: 'Everything the dashboard shows: the status report (the last one read, with its age, when the current one cannot be had), health by zone, the timeline of decisions, alarms, the demo fleet',
                tags: ['dashboard'],
                response: {
                    200: {
                        type: 'object', description: 'DashboardState (src/api/dashboard/dashboard-state.ts)', additionalProperties: true,
                        properties: { atMs: { type: 'number' }, statusAtMs: { type: ['number', 'null'] }, statusError: { type: ['string', 'null'] } },
                    },
                },
            },
        }, async (_request, reply) => reply.header('cache-control', 'no-store').send(await source.read()));
    },
};
/**
 * The page's files, read once. They live beside this module in src/; a build (dist/) compiles
 * only TypeScript, so from dist/ they are found in the package's src/ tree (package.json ships it).
 */
function loadAssets() {
    const candidates = [new URL('./assets/', import.meta.url), new URL('../../../../src/api/dashboard/assets/', import.meta.url)];
    const dir = candidates.map((url) => fileURLToPath(url)).find((path) => existsSync(`${path}index.html`));
    if (dir === undefined)
        throw new Error(`dashboard assets not found (looked in ${candidates.map((url) => fileURLToPath(url)).join(', ')})`);
    return new Map(Object.keys(ASSET_TYPES).map((name) => [name, readFileSync(`${dir}${name}`, 'utf8')]));
}
//# sourceMappingURL=dashboard-routes.js.map