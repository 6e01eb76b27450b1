// Validates the parsed YAML against catalog.schema.json and turns ajv's errors into messages a
// person can act on: the allowed values, the range, the unknown key and the likely intended one.
import type { ErrorObject } from 'ajv';
import { catalogValidator } from './catalog-validator';
import type { CatalogIssue } from './errors';
import type { CatalogSource, FieldPath } from './source';

export const CATALOG_SCHEMA_PATH = new URL('./catalog.schema.json', import.meta.url);

/** Schema problems located (line and path) per catalog; the rest are not reported until these are fixed. */
const MAX_LOCATED_ISSUES = 1000;

export function schemaIssues(source: CatalogSource, data: unknown): CatalogIssue[] {
  const validate = catalogValidator();
  if (validate(data)) return [];
  const issues: CatalogIssue[] = [];
  const seen = new Set<string>();
  for (const error of validate.errors ?? []) {
    // Junk (thousands of unknown keys) must not cost minutes: past this many, the message lists
    // the first ones anyway (CatalogError.MAX_LISTED_ISSUES).
    if (issues.length >= MAX_LOCATED_ISSUES) {
      issues.push({ file: source.file, line: source.lineOf([]), path: '', message: `stopped after ${MAX_LOCATED_ISSUES} problems; is this the secrets catalog?` });
      break;
    }
    const described = describe(error);
    if (!described) continue;
    const issue = source.issue(described.path, described.message);
    const key = `${issue.path}\u0000${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push(issue);
  }
  return issues;
}

function pathOf(instancePath: string): (string | number)[] {
  if (instancePath === '') return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^(0|[1-9][0-9]*)$/.test(part) ? Number(part) : part));
}

interface Described {
  path: FieldPath;
  message: string;
}

function describe(error: ErrorObject): Described | undefined {
  const path = pathOf(error.instancePath);
  const parent = (error.parentSchema ?? {}) as Record<string, unknown>;
  const params = error.params as Record<string, unknown>;
  // propertyNames: ajv reports the inner failure (pattern) with `propertyName` set, then a wrapper.
  if (error.keyword === 'propertyNames' || error.keyword === 'if') return undefined;
  if (error.propertyName !== undefined) {
    return { path: [...path, error.propertyName], message: `${hintOr(parent, 'is not a valid name')}` };
  }
  switch (error.keyword) {
    case 'required':
      return { path: [...path, String(params.missingProperty)], message: 'is required' };
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const allowed = Object.keys((parent.properties as Record<string, unknown> | undefined) ?? {});
      return { path: [...path, key], message: unknownKeyMessage(key, allowed) };
    }
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map((value) => String(value));
      return { path, message: `must be one of ${allowed.join(', ')} (got ${show(error.data)})` };
    }
    case 'const':
      return { path, message: `must be ${show(params.allowedValue)} (got ${show(error.data)})` };
    case 'type':
      if (path.length === 0) return { path, message: `the catalog must be a mapping with version, environments and secrets (got ${show(error.data)})` };
      return { path, message: `${hintOr(parent, `must be ${article(String(params.type))}`)} (got ${show(error.data)})` };
    case 'minimum':
    case 'maximum':
      return { path, message: rangeMessage(parent) };
    case 'minLength':
      return { path, message: params.limit === 1 ? 'must not be empty' : `must be at least ${String(params.limit)} characters long` };
    case 'maxLength':
      return { path, message: `must be at most ${String(params.limit)} characters long` };
    case 'minItems':
      return { path, message: `must list at least ${String(params.limit)} item${params.limit === 1 ? '' : 's'}` };
    case 'minProperties':
    case 'maxProperties': {
      const keys = Object.keys((parent.properties as Record<string, unknown> | undefined) ?? {});
      if (parent.maxProperties === 1) return { path, message: `must give exactly one of ${keys.join(', ')}` };
      return { path, message: `must have at least ${String(params.limit)} entr${params.limit === 1 ? 'y' : 'ies'}` };
    }
    case 'uniqueItems': {
      // ajv's two scans report the pair in different orders; point at the later one.
      const [earlier, later] = [Number(params.i), Number(params.j)].sort((a, b) => a - b);
      return { path: [...path, later!], message: `repeats item ${earlier}; list each value once` };
    }
    case 'pattern':
      return { path, message: `${hintOr(parent, `must match ${String(params.pattern)}`)} (got ${show(error.data)})` };
    case 'format':
      return { path, message: `${formatMessage(String(params.format))} (got ${show(error.data)})` };
    case 'false schema':
      return { path, message: 'is not allowed here' };
    default:
      return { path, message: error.message ?? `fails ${error.keyword}` };
  }
}

function hintOr(schema: Record<string, unknown>, fallback: string): string {
  return typeof schema['x-hint'] === 'string' ? schema['x-hint'] : fallback;
}

function rangeMessage(schema: Record<string, unknown>): string {
  const { minimum, maximum } = schema as { minimum?: number; maximum?: number };
  if (minimum !== undefined && maximum !== undefined) return `must be between ${minimum} and ${maximum}`;
  if (minimum !== undefined) return `must be at least ${minimum}`;
  return `must be at most ${String(maximum)}`;
}

function formatMessage(format: string): string {
  if (format === 'date') return 'must be a real calendar date written YYYY-MM-DD';
  if (format === 'email') return 'must be an email address';
  return `must be a valid ${format}`;
}

function article(type: string): string {
  const words: Record<string, string> = {
    integer: 'a whole number',
    number: 'a number',
    string: 'a string',
    boolean: 'true or false',
    object: 'a mapping (key: value)',
    array: 'a list',
    null: 'empty',
  };
  return type
    .split(',')
    .map((part) => words[part] ?? part)
    .join(' or ');
}

/** A short rendering of the offending value; catalogs hold no secret values, only settings. */
function show(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Keys under which people paste credentials; the catalog must never hold one. */
const VALUE_KEYS = /^(password|passwd|secret|secretString|value|token|apiKey|api_key|privateKey|private_key)$/i;

function unknownKeyMessage(key: string, allowed: readonly string[]): string {
  if (VALUE_KEYS.test(key)) {
    return `unknown key "${key}": the catalog never holds secret values (warden generates and rotates them; external ones are stored by hand); remove it`;
  }
  const suggestion = closest(key, allowed);
  return suggestion
    ? `unknown key "${key}"; did you mean "${suggestion}"?`
    : `unknown key "${key}"; allowed keys: ${allowed.join(', ')}`;
}

/** The allowed key within edit distance 2 (or a case-insensitive match), if exactly one is best. */
function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const distance = candidate.toLowerCase() === word.toLowerCase() ? 0 : editDistance(word, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const limit = Math.max(2, Math.floor(word.length / 3));
  return bestDistance <= limit ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
