// A small EventBridge event pattern matcher for the subset this project uses, following the
// EventBridge User Guide ("Amazon EventBridge event patterns", "Content filtering"):
// - every field named in the pattern must match (AND); a leaf is an array of alternatives (OR);
// - a leaf matches when the event value, or any element of an event array, equals a literal or
//   satisfies a filter: { prefix }, { suffix }, { "anything-but": value | [values] | { prefix } },
//   { exists: true|false }, { "equals-ignore-case" }, { numeric: [op, n, ...] };
// - "$or": [patterns] at any level matches when one of the sub-patterns matches;
// - matching is case sensitive and exact: "aws.secretsmanager" does not match "AWS.SecretsManager".
// Anything outside this subset throws, so a test never passes on a pattern this matcher ignored.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const MISSING = Symbol('missing');
type Value = Json | typeof MISSING;

export class UnsupportedEventPatternError extends Error {
  constructor(what: string) {
    super(`event pattern: ${what} is not supported by the test matcher`);
    this.name = 'UnsupportedEventPatternError';
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function scalarsOf(value: Value): Json[] {
  if (value === MISSING) return [];
  return Array.isArray(value) ? value : [value];
}

function matchesFilter(filter: Record<string, unknown>, value: Value): boolean {
  const [operator, ...rest] = Object.keys(filter);
  if (operator === undefined || rest.length > 0) throw new UnsupportedEventPatternError(`filter ${JSON.stringify(filter)}`);
  const operand = filter[operator];
  const strings = scalarsOf(value).filter((v): v is string => typeof v === 'string');
  switch (operator) {
    case 'exists':
      return operand === (value !== MISSING);
    case 'prefix':
      return strings.some((s) => s.startsWith(String(operand)));
    case 'suffix':
      return strings.some((s) => s.endsWith(String(operand)));
    case 'equals-ignore-case':
      return strings.some((s) => s.toLowerCase() === String(operand).toLowerCase());
    case 'anything-but': {
      if (value === MISSING) return false;
      if (isObject(operand)) return !matchesFilter(operand, value);
      const excluded = Array.isArray(operand) ? operand : [operand];
      return scalarsOf(value).every((v) => !excluded.includes(v as never));
    }
    case 'numeric': {
      const conditions = operand as (string | number)[];
      return scalarsOf(value).some((v) => {
        if (typeof v !== 'number') return false;
        for (let i = 0; i < conditions.length; i += 2) {
          const [op, bound] = [conditions[i], Number(conditions[i + 1])];
          const ok = op === '=' ? v === bound : op === '<' ? v < bound : op === '<=' ? v <= bound : op === '>' ? v > bound : op === '>=' ? v >= bound : undefined;
          if (ok === undefined) throw new UnsupportedEventPatternError(`numeric operator ${String(op)}`);
          if (!ok) return false;
        }
        return true;
      });
    }
    default:
      throw new UnsupportedEventPatternError(`filter "${operator}"`);
  }
}

function matchesLeaf(alternatives: unknown[], value: Value): boolean {
  return alternatives.some((alternative) => {
    if (isObject(alternative)) return matchesFilter(alternative, value);
    if (value === MISSING) return false;
    return scalarsOf(value).some((v) => v === alternative);
  });
}

function matchesObject(pattern: Record<string, unknown>, event: Value): boolean {
  return Object.entries(pattern).every(([key, sub]) => {
    if (key === '$or') {
      if (!Array.isArray(sub)) throw new UnsupportedEventPatternError('"$or" that is not an array');
      return sub.some((alternative) => isObject(alternative) && matchesObject(alternative, event));
    }
    const value: Value = isObject(event) && Object.hasOwn(event, key) ? (event[key] as Json) : MISSING;
    if (Array.isArray(sub)) return matchesLeaf(sub, value);
    if (isObject(sub)) return value !== MISSING && isObject(value) && matchesObject(sub, value);
    throw new UnsupportedEventPatternError(`value of "${key}" (must be an array or an object)`);
  });
}

/** True when the EventBridge event matches the pattern. */
export function matchesEventPattern(pattern: Record<string, unknown>, event: Record<string, unknown>): boolean {
  return matchesObject(pattern, event as Json);
}
