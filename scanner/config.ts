// `--config FILE`: a gitleaks TOML configuration, read unchanged. `[[rules]]` (id, description,
// regex, secretGroup, entropy, keywords, path, `[[rules.allowlists]]` and the older
// `[rules.allowlist]`), global `[allowlist]` / `[[allowlists]]`, and `[extend] useDefault` (the
// built-in rules first, then the file's; `disabledRules` drops built-ins). Go's RE2 syntax is
// translated where JavaScript differs; a rule that cannot be translated is reported with its id
// and skipped, never fatal.
import { readFileSync } from 'node:fs';
import { parse, TomlError } from 'smol-toml';
import { BUILTIN_RULES, builtinEngine, DetectorEngine, type Allowlist, type RuleSet, type Rule, type Sensitivity, SENSITIVITIES } from '../lambdas/shared/detectors';

export class ConfigError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ConfigError';
  }
}

export interface LoadedConfig {
  readonly ruleSet: RuleSet;
  /** Rules skipped and why, by rule id. */
  readonly warnings: readonly string[];
}

type Table = Record<string, unknown>;

const POSIX_CLASSES: Record<string, string> = {
  alnum: 'A-Za-z0-9',
  alpha: 'A-Za-z',
  digit: '0-9',
  lower: 'a-z',
  upper: 'A-Z',
  space: '\\s',
  xdigit: '0-9A-Fa-f',
  word: '\\w',
  punct: '!-\\/:-@\\[-`{-~',
};

/** Go regex → JavaScript RegExp (global). Throws with the reason when it cannot. */
function translateGoRegex(source: string): RegExp {
  let flags = 'g';
  let body = source;
  // Leading inline flags, e.g. (?i) or (?is): JavaScript takes them as RegExp flags.
  const lead = /^\(\?([imsU]+)\)/.exec(body);
  if (lead) {
    if (lead[1]!.includes('U')) throw new Error('the (?U) ungreedy flag has no JavaScript equivalent');
    for (const flag of lead[1]!) if (!flags.includes(flag)) flags += flag;
    body = body.slice(lead[0].length);
  }
  if (/\\[QE]/.test(body)) throw new Error('\\Q...\\E quoting is not supported');
  if (/\\[pP]\{/.test(body) && !flags.includes('u')) flags += 'u';
  body = body
    .replace(/\(\?P</g, '(?<')
    .replace(/\\z/g, '$(?![\\s\\S])')
    .replace(/\\A/g, '^(?<![\\s\\S])')
    .replace(/\[:(\^?)(\w+):\]/g, (whole, negate: string, name: string) => {
      const cls = POSIX_CLASSES[name];
      if (!cls) throw new Error(`unknown POSIX class ${whole}`);
      if (negate) throw new Error(`negated POSIX class ${whole} is not supported`);
      return cls;
    });
  // Inline flag groups inside the pattern, e.g. (?i:...), need Node 23+; widen to the whole regex otherwise.
  try {
    return new RegExp(body, flags);
  } catch (error) {
    if (/\(\?i[:)]/.test(body)) return new RegExp(body.replace(/\(\?i\)/g, '').replace(/\(\?i:/g, '(?:'), flags.includes('i') ? flags : `${flags}i`);
    throw error;
  }
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function allowlistOf(table: Table, where: string, warnings: string[]): Allowlist | null {
  const compile = (list: string[], what: string) =>
    list.flatMap((source) => {
      try {
        return [translateGoRegex(source)];
      } catch (error) {
        warnings.push(`${where}: ${what} ${JSON.stringify(source)} skipped: ${(error as Error).message}`);
        return [];
      }
    }).map((r) => new RegExp(r.source, r.flags.replace('g', '')));
  const condition = String(table.condition ?? 'OR').toUpperCase() === 'AND' ? 'AND' : 'OR';
  const target = String(table.regexTarget ?? 'secret');
  return {
    description: typeof table.description === 'string' ? table.description : undefined,
    condition,
    regexTarget: target === 'match' || target === 'line' ? target : 'secret',
    regexes: compile(strings(table.regexes), 'regex'),
    paths: compile(strings(table.paths), 'path'),
    stopwords: strings(table.stopwords).map((w) => w.toLowerCase()),
    commits: strings(table.commits),
  };
}

function allowlistsOf(table: Table, key: 'allowlist' | 'allowlists', where: string, warnings: string[]): Allowlist[] {
  const value = table[key];
  const tables = Array.isArray(value) ? value : value && typeof value === 'object' ? [value] : [];
  return tables.flatMap((t) => allowlistOf(t as Table, where, warnings) ?? []);
}

/** gitleaks has no sensitivity: a `tags` entry naming one (critical, high, medium) sets it, else high. */
function sensitivityOf(tags: string[]): Sensitivity {
  return SENSITIVITIES.find((s) => tags.map((t) => t.toLowerCase()).includes(s)) ?? 'high';
}

function ruleOf(table: Table, warnings: string[]): Rule | null {
  const id = typeof table.id === 'string' && table.id ? table.id : null;
  if (!id) {
    warnings.push('a [[rules]] entry without an id was skipped');
    return null;
  }
  try {
    const regex = typeof table.regex === 'string' ? translateGoRegex(table.regex) : undefined;
    const path = typeof table.path === 'string' ? new RegExp(translateGoRegex(table.path).source, translateGoRegex(table.path).flags.replace('g', '')) : undefined;
    if (!regex && !path) throw new Error('it has neither regex nor path');
    return {
      id,
      description: typeof table.description === 'string' ? table.description : id,
      sensitivity: sensitivityOf(strings(table.tags)),
      regex,
      secretGroup: typeof table.secretGroup === 'number' ? table.secretGroup : undefined,
      entropy: typeof table.entropy === 'number' ? table.entropy : undefined,
      keywords: strings(table.keywords).map((k) => k.toLowerCase()),
      path,
      allowlists: [...allowlistsOf(table, 'allowlists', `rule ${id}`, warnings), ...allowlistsOf(table, 'allowlist', `rule ${id}`, warnings)],
    };
  } catch (error) {
    warnings.push(`rule ${id} skipped: ${(error as Error).message}`);
    return null;
  }
}

/** A gitleaks TOML text (`fileName` names it in errors); the scan's worker threads parse the text the main thread read. */
export function parseConfig(text: string, fileName: string): LoadedConfig {
  let document: Table;
  try {
    document = parse(text) as Table;
  } catch (error) {
    const where = error instanceof TomlError ? `${fileName}:${error.line}:${error.column}` : fileName;
    throw new ConfigError(`${where}: not valid TOML: ${(error as Error).message.split('\n')[0]}`, { cause: error });
  }
  const warnings: string[] = [];
  const extend = (document.extend ?? {}) as Table;
  const disabled = new Set(strings(extend.disabledRules));
  const own = (Array.isArray(document.rules) ? document.rules : []).flatMap((r) => ruleOf(r as Table, warnings) ?? []);
  const ownIds = new Set(own.map((r) => r.id));
  const builtins = extend.useDefault === true ? BUILTIN_RULES.filter((r) => !disabled.has(r.id) && !ownIds.has(r.id)) : [];
  if (typeof extend.path === 'string') warnings.push(`[extend] path ${extend.path} is not followed: merge that file's rules into ${fileName}`);
  return {
    ruleSet: {
      rules: [...builtins, ...own],
      allowlists: [...allowlistsOf(document, 'allowlist', 'global allowlist', warnings), ...allowlistsOf(document, 'allowlists', 'global allowlist', warnings)],
    },
    warnings,
  };
}

/** The text of a rules file (ConfigError naming the file when it cannot be read). */
export function readConfigText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read the rules file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { cause: error });
  }
}

/** A rules file's text and name, as read once by the main thread. */
export interface ConfigSource {
  readonly text: string;
  readonly fileName: string;
}

/** The engine for a scan: the built-in rules (compiled once per thread), or a --config file's. */
export function engineFor(config: ConfigSource | undefined): { engine: DetectorEngine; warnings: string[] } {
  if (!config) return { engine: builtinEngine(), warnings: [] };
  const loaded = parseConfig(config.text, config.fileName);
  return { engine: new DetectorEngine(loaded.ruleSet), warnings: [...loaded.warnings] };
}
