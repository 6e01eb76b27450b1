// One detector module for every surface: the repository scanner (`warden scan`, scanner/) runs
// the engine over files; the inventory (lambdas/inventory) asks about one variable or parameter.
// Same rules, same engine, same tests (test/unit/detectors/).
import { BUILTIN_RULES } from './builtin';
import { DetectorEngine } from './engine';
import type { Detection } from './types';

export { BUILTIN_RULES } from './builtin';
export { DetectorEngine, type RuleSet } from './engine';
export type { Allowlist, CatalogKind, Detection, Rule, Sensitivity } from './types';
export { SENSITIVITIES } from './types';
export { maskValue } from './values';

let builtin: DetectorEngine | undefined;

/** The engine over the built-in rules (compiled once). */
export function builtinEngine(): DetectorEngine {
  builtin ??= new DetectorEngine({ rules: BUILTIN_RULES, allowlists: [] });
  return builtin;
}

/**
 * A secret held by one named value (a Lambda environment variable, an SSM parameter): the value is
 * read as the assignment `NAME=value`, so name-based rules see the name. The first detection of
 * the value's own text wins, null when none.
 */
export function detectKeyValue(key: string, value: string, engine: DetectorEngine = builtinEngine()): Detection | null {
  if (value.length === 0) return null;
  const name = key.replace(/[^\w.-]+/g, '_');
  const prefix = `${name}=`;
  const detection = engine.detect(`${prefix}${value}`).find((d) => d.end > prefix.length);
  return detection ?? null;
}
