/**
 * Writes docs/config.schema.json from the zod schema in src/app/config/schema.ts.
 * Run: npx vite-node scripts/gen-config-schema.ts
 * test/app/config/json-schema.test.ts fails while the committed file differs from what this writes.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { configJsonSchemaText } from '../src/app/config/json-schema.js';

const target = fileURLToPath(new URL('../docs/config.schema.json', import.meta.url));
writeFileSync(target, configJsonSchemaText());
process.stdout.write(`wrote ${target}\n`);
