// The CLI validates the catalog with ajv standalone code generated at build time
// (scripts/build.mjs); everything else compiles the schema at run time
// (lib/catalog/catalog-validator.ts). Both must report the same errors, field for field, on
// every catalog fixture, good and bad, so `warden catalog check` says what synth says.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import type { ValidateFunction } from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain ESM script without types (it also runs as `npm run prepare`)
import { catalogValidatorSource } from '../../../scripts/build.mjs';
import { catalogValidator } from '../../../lib/catalog/catalog-validator';
import { PROJECT_ROOT } from '../../../lib/constructs/warden-function';
import { temporaryDirectory } from '../../support/temporary-directory';

const BAD = 'test/fixtures/catalogs/bad';
const files = ['config/secrets.yaml', 'test/fixtures/catalogs/minimal.yaml', ...readdirSync(BAD).filter((f) => f.endsWith('.yaml')).map((f) => join(BAD, f))];
let precompiled: ValidateFunction;

beforeAll(async () => {
  // Inside the project: the generated code requires ajv's runtime from node_modules.
  mkdirSync(join(PROJECT_ROOT, 'dist/.build'), { recursive: true });
  const file = join(temporaryDirectory('validator-test-', join(PROJECT_ROOT, 'dist/.build')), 'catalog-validator.mjs');
  writeFileSync(file, (await catalogValidatorSource()) as string);
  precompiled = ((await import(pathToFileURL(file).href)) as { catalogValidator(): ValidateFunction }).catalogValidator();
});

describe('the precompiled catalog validator', () => {
  it.each(files)('reports what the run-time validator reports on %s', (file) => {
    let data: unknown;
    try {
      data = parse(readFileSync(file, 'utf8'), { uniqueKeys: false, maxAliasCount: -1 });
    } catch {
      return; // not YAML at all: the loader stops before the schema
    }
    const runtime = catalogValidator();
    const expected = runtime(data) ? [] : structuredClone(runtime.errors);
    const actual = precompiled(data) ? [] : structuredClone(precompiled.errors);
    expect(actual).toEqual(expected);
  });

  it('finds problems in the bad fixtures (the comparison is not vacuous)', () => {
    const failing = files.filter((file) => {
      try {
        return !precompiled(parse(readFileSync(file, 'utf8'), { uniqueKeys: false }));
      } catch {
        return false;
      }
    });
    expect(failing.length).toBeGreaterThan(5);
  });
});
