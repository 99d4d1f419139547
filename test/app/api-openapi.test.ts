import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openApiDocumentText } from '../../src/api/openapi.js';

describe('the published OpenAPI document', () => {
  it('docs/api-openapi.json is what the routes\' schemas say (npx vite-node scripts/gen-openapi.ts)', async () => {
    const committed = readFileSync(new URL('../../docs/api-openapi.json', import.meta.url), 'utf8');
    expect(committed).toBe(await openApiDocumentText());
  });

  it('documents every route group: status, plans (list, get, diff, preview), enactors, health, controls, history, metrics', async () => {
    const doc = JSON.parse(await openApiDocumentText()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining([
      '/status', '/enactors', '/plans', '/plans/{generation}', '/plans/diff', '/plans/preview', '/healthz', '/readyz', '/controls', '/controls/remove', '/history', '/events', '/metrics',
    ]));
  });
});
