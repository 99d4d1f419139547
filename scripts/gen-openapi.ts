/**
 * Writes docs/api-openapi.json from the API's route schemas (src/api/openapi.ts).
 * Run: npx vite-node scripts/gen-openapi.ts
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openApiDocumentText } from '../src/api/openapi.js';

const target = fileURLToPath(new URL('../docs/api-openapi.json', import.meta.url));
writeFileSync(target, await openApiDocumentText());
process.stdout.write(`wrote ${target}\n`);
