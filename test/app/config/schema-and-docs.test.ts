/**
 * The published artefacts agree with the code: docs/config.schema.json is exactly what the zod
 * schema generates, docs/configuration.md names every field of it, and the error example in the
 * docs is what the loader prints for the file shown there.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configJsonSchema, configJsonSchemaText, formatConfigIssues, parseConfigText } from '../../../src/app/config/index.js';

const DOCS = readFileSync('docs/configuration.md', 'utf8');

/** Every field path of a JSON Schema, as the docs write them: `loadBalancers[].check.http`. */
function fieldPaths(schema: unknown, prefix = ''): string[] {
  if (typeof schema !== 'object' || schema === null) return [];
  const node = schema as { properties?: Record<string, unknown>; items?: unknown };
  const paths: string[] = [];
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    paths.push(path);
    const items = (child as { items?: unknown }).items;
    paths.push(...fieldPaths(items ?? child, items === undefined ? path : `${path}[]`));
  }
  return paths;
}

function fencedBlock(after: string, language: string): string {
  const start = DOCS.indexOf(after);
  expect(start, `docs mention '${after}'`).toBeGreaterThanOrEqual(0);
  const open = DOCS.indexOf(`\`\`\`${language}\n`, start);
  const close = DOCS.indexOf('```', open + 4 + language.length);
  return DOCS.slice(open + 4 + language.length, close);
}

describe('published schema and docs', () => {
  it('docs/config.schema.json is what the schema generates (regenerate: npx vite-node scripts/gen-config-schema.ts)', () => {
    expect(readFileSync('docs/config.schema.json', 'utf8')).toBe(configJsonSchemaText());
  });

  it('the JSON Schema is strict and lists the required top-level fields', () => {
    const schema = configJsonSchema() as { additionalProperties?: boolean; required?: string[] };
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(['zone', 'region', 'loadBalancers', 'endpoints', 'enactors']);
  });

  it('docs/configuration.md documents every field of the schema', () => {
    const paths = fieldPaths(configJsonSchema());
    expect(paths.length).toBeGreaterThan(40);
    const missing = paths.filter((path) => !DOCS.includes(`\`${path}\``));
    expect(missing).toEqual([]);
  });

  it("the docs' error example is what the loader reports", () => {
    const yaml = fencedBlock('For this file (`bad.yaml`)', 'yaml');
    const expected = fencedBlock('the report is', 'text');
    const result = parseConfigText(yaml, 'bad.yaml');
    expect(result.ok).toBe(false);
    expect(`${formatConfigIssues(result.ok ? [] : result.errors)}\n`).toBe(expected);
  });

  it("the docs' complete example loads once its secret placeholder is filled in", () => {
    const yaml = fencedBlock('## A complete example', 'yaml').replace('<base64>', 'ZGVtby1zZWNyZXQtMzItYnl0ZXMtZm9yLXRlc3RzISE=');
    const result = parseConfigText(yaml, 'docs-example.yaml');
    expect(result.ok ? '' : formatConfigIssues(result.errors)).toBe('');
  });
});
