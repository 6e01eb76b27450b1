// catalog.schema.json serves editors (yaml-language-server) and the loader alike: it must be a
// valid JSON Schema, agree with the TypeScript model, and accept the example catalog.
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import {
  BUILTIN_DEFAULTS,
  CATALOG_SCHEMA_PATH,
  CLASSIFICATIONS,
  RANDOM_ENCODINGS,
  ROTATION_LIMITS,
  ROTATION_STRATEGIES,
  SECRET_KINDS,
} from '../../../lib/catalog';

type Schema = Record<string, unknown> & { properties?: Record<string, Schema>; definitions?: Record<string, Schema> };

const schema = JSON.parse(readFileSync(CATALOG_SCHEMA_PATH, 'utf8')) as Schema;
const definitions = schema.definitions!;

/** Plain ajv as an editor would use it: no loader code involved. */
function editorValidator() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv;
}

function* subschemas(node: Schema, path: string): Generator<[string, Schema]> {
  yield [path, node];
  for (const [key, child] of Object.entries(node.properties ?? {})) yield* subschemas(child, `${path}.properties.${key}`);
  for (const [key, child] of Object.entries(node.definitions ?? {})) yield* subschemas(child, `${path}.definitions.${key}`);
}

describe('catalog.schema.json', () => {
  it('is a valid draft-07 JSON Schema', () => {
    const ajv = editorValidator();

    expect(ajv.validateSchema(schema)).toBe(true);
  });

  it('accepts the example catalog without the loader', () => {
    const validate = editorValidator().compile(schema);

    const valid = validate(parse(readFileSync('config/secrets.yaml', 'utf8')));

    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('is referenced by the example catalog for editors', () => {
    const firstLine = readFileSync('config/secrets.yaml', 'utf8').split('\n')[0];

    expect(firstLine).toBe('# yaml-language-server: $schema=../lib/catalog/catalog.schema.json');
  });

  it('accepts every example it gives', () => {
    const ajv = editorValidator();
    ajv.addSchema(schema, 'catalog');
    const checked: string[] = [];

    for (const [path, node] of subschemas(schema, '#')) {
      if (!Array.isArray(node.examples) || !path.startsWith('#.definitions.')) continue;
      const pointer = path.slice(1).replace(/\.properties\./g, '/properties/').replace(/\.definitions\./g, '/definitions/');
      const validate = ajv.getSchema(`catalog#${pointer}`)!;
      for (const example of node.examples) {
        expect(validate(example), `${path}: ${JSON.stringify(example)}`).toBe(true);
        checked.push(path);
      }
    }

    expect(checked.length).toBeGreaterThan(10);
  });

  it('describes every field an editor shows on hover', () => {
    const undocumented = [...subschemas(schema, '#')]
      .filter(([path]) => /\.properties\.[^.]+$/.test(path))
      .filter(([, node]) => typeof node.description !== 'string' && typeof node.$ref !== 'string')
      .map(([path]) => path);

    expect(undocumented).toEqual([]);
  });

  it('agrees with the TypeScript model on enumerations and limits', () => {
    const rotation = definitions.rotation!.properties!;

    expect(definitions.classification!.enum).toEqual(CLASSIFICATIONS);
    expect(definitions.secret!.properties!.kind!.enum).toEqual(SECRET_KINDS);
    expect(definitions.random!.properties!.encoding!.enum).toEqual(RANDOM_ENCODINGS);
    expect(rotation.strategy!.enum).toEqual(ROTATION_STRATEGIES);
    expect([rotation.days!.minimum, rotation.days!.maximum]).toEqual([ROTATION_LIMITS.minDays, ROTATION_LIMITS.maxDays]);
    expect([rotation.hours!.minimum, rotation.hours!.maximum]).toEqual([ROTATION_LIMITS.minHours, ROTATION_LIMITS.maxHours]);
  });

  it('shows editors the defaults the loader applies', () => {
    const defaultsOf = (definition: string) =>
      Object.fromEntries(Object.entries(definitions[definition]!.properties!).flatMap(([key, node]) => ('default' in node ? [[key, node.default]] : [])));

    expect(defaultsOf('postgres')).toEqual(BUILTIN_DEFAULTS.postgres);
    expect(defaultsOf('random')).toEqual(BUILTIN_DEFAULTS.random);
    expect(defaultsOf('audit')).toEqual(BUILTIN_DEFAULTS.audit);
    expect(defaultsOf('schedules')).toEqual(BUILTIN_DEFAULTS.schedules);
    expect(defaultsOf('inventory')).toEqual(BUILTIN_DEFAULTS.inventory);
  });
});
