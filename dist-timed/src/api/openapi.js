import { buildApiApp } from './http-api.js';
export async function openApiDocumentText() {
    const noRuntime = () => {
        throw new Error('the OpenAPI document is built without a runtime');
    };
    const { app } = await buildApiApp(noRuntime, {
        security: { tokens: null, listenHost: '127.0.0.1', allowedHosts: [], allowUnauthenticatedLoopback: false, rateLimit: { requestsPerMinute: 1, writesPerMinute: 1 } },
    });
    try {
        return `${JSON.stringify(app.swagger(), null, 2)}\n`;
    }
    finally {
        await app.close();
    }
}
//# sourceMappingURL=openapi.js.map