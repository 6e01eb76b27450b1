// The compiled validator of catalog.schema.json. At run time (CDK app, tests) ajv compiles it once
// per process. The `warden` CLI build replaces this module with the same validator compiled ahead
// of time (scripts/build.mjs: ajv standalone code from `catalogAjv`, so the options live here only):
// compiling the schema cost about 0.4 s of every CLI start.
import Ajv, { type Options, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import schemaDocument from './catalog.schema.json';

/** The ajv instance the catalog is validated with (`extra`: the build's standalone-code options). */
export function catalogAjv(extra: Options = {}): Ajv {
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true, ...extra });
  addFormats(ajv, ['date', 'email']);
  // Annotation only: the human wording of a `pattern`, read by schema-check.ts and by editors' hovers.
  ajv.addKeyword({ keyword: 'x-hint', schemaType: 'string' });
  return ajv;
}

/** The schema as a fresh object (ajv annotates what it compiles). Imported, not read from disk: bundles carry it inline. */
export function catalogSchema(): object {
  return structuredClone(schemaDocument) as object;
}

let compiled: ValidateFunction | undefined;

/** The compiled validator (built once per process). */
export function catalogValidator(): ValidateFunction {
  compiled ??= catalogAjv().compile(catalogSchema());
  return compiled;
}
