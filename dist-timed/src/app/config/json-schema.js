/**
 * The published JSON Schema (docs/config.schema.json), generated from the zod schema so the two
 * cannot disagree. It describes the file as written (defaults make fields optional); the checks
 * that relate fields (duplicates, selections, the zone) are beyond JSON Schema and live only in zod.
 */
import { z } from 'zod';
import { configSchema } from './schema.js';
export function configJsonSchema() {
    return z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'throw' });
}
/** The exact text of docs/config.schema.json: two-space JSON with a final newline. */
export function configJsonSchemaText() {
    return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}
//# sourceMappingURL=json-schema.js.map