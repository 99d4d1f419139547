/** The standard error body of every route: `{ error }`. */
export const ERROR_SCHEMA = {
    type: 'object',
    properties: { error: { type: 'string' }, code: { type: 'string' } },
    required: ['error'],
};
/** A response documented by its top-level shape; further fields pass through (the report grows). */
export function looseObject(description, properties = {}) {
    return { type: 'object', description, properties, additionalProperties: true };
}
export const errorResponses = { 400: ERROR_SCHEMA, 401: ERROR_SCHEMA, 403: ERROR_SCHEMA, 429: ERROR_SCHEMA };
/** The rate limit of a write route (per caller). */
export function writeLimit(context) {
    return { rateLimit: { max: context.writesPerMinute, timeWindow: 60_000 } };
}
//# sourceMappingURL=route-group.js.map