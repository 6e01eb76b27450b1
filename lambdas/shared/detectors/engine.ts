// Runs a rule set over text. A keyword prefilter (Aho-Corasick, modern-ahocorasick) finds which
// rules' keywords occur in the text, so only those rules' regexes run; then each candidate passes
// the rule's secret group, entropy, built-in checks and allowlists (the rule's and the global ones).
// Overlapping detections keep the earlier rule of the set (precise formats come before heuristics).
import AhoCorasick from 'modern-ahocorasick';
import type { Allowlist, Detection, Rule, Span } from './types';
import { shannonEntropy } from './values';

export interface RuleSet {
  readonly rules: readonly Rule[];
  /** gitleaks' global `[allowlist]` / `[[allowlists]]`. */
  readonly allowlists: readonly Allowlist[];
}

/** Where the text comes from, for `path` rules and allowlists. */
export interface TextContext {
  /** Path relative to the scanned root, with `/` separators; undefined for standard input or a variable. */
  readonly path?: string;
  readonly commit?: string;
}

/** `NAME =`, `"name":`, `name:=` right before a value on the same line. */
const KEY_BEFORE = /([A-Za-z_][\w.-]*)["']?\s*(?::=|=>|\?=|[:=])\s*["'`]?\s*$/;

export class DetectorEngine {
  private readonly contentRules: readonly Rule[];
  private readonly fileRules: readonly Rule[];
  private readonly matcher: AhoCorasick | null;
  /** Per keyword (dictionary order): the indexes of the content rules it enables. */
  private readonly rulesOfKeyword: readonly number[][];
  private readonly unconditional: readonly number[];

  constructor(readonly ruleSet: RuleSet) {
    this.contentRules = ruleSet.rules.filter((r) => r.regex || r.find);
    this.fileRules = ruleSet.rules.filter((r) => !r.regex && !r.find && r.path);
    const keywords = new Map<string, number[]>();
    const unconditional: number[] = [];
    this.contentRules.forEach((rule, index) => {
      if (rule.keywords.length === 0) unconditional.push(index);
      for (const keyword of new Set(rule.keywords.map((k) => k.toLowerCase()))) {
        const list = keywords.get(keyword) ?? [];
        list.push(index);
        keywords.set(keyword, list);
      }
    });
    this.unconditional = unconditional;
    this.rulesOfKeyword = [...keywords.values()];
    this.matcher = keywords.size > 0 ? new AhoCorasick([...keywords.keys()]) : null;
  }

  /** The content rules whose keywords occur in the text (and which apply to its path). */
  private candidates(text: string, context: TextContext): Rule[] {
    const chosen = new Set<number>(this.unconditional);
    if (this.matcher) {
      const counts = this.matcher.countByPattern(text.toLowerCase());
      counts.forEach((count, keyword) => {
        if (count > 0) for (const index of this.rulesOfKeyword[keyword]!) chosen.add(index);
      });
    }
    return [...chosen]
      .sort((a, b) => a - b)
      .map((index) => this.contentRules[index]!)
      .filter((rule) => !rule.path || (context.path !== undefined && rule.path.test(context.path)));
  }

  /** Every secret in the text, in order of position, overlaps resolved by rule order. */
  detect(text: string, context: TextContext = {}): Detection[] {
    if (text.length === 0 || this.globallyAllowedPath(context)) return [];
    const found: Detection[] = [];
    for (const rule of this.candidates(text, context)) {
      for (const detection of rule.find ? fromSpans(rule, text, rule.find(text)) : fromRegex(rule, text)) {
        if (this.keeps(detection, text, context)) found.push(detection);
      }
    }
    return resolveOverlaps(found);
  }

  /** File rules (a rule with a path and no regex, e.g. a committed `.env`) that report this path. */
  fileRulesFor(path: string, ignored = false): Rule[] {
    if (this.globallyAllowedPath({ path })) return [];
    return this.fileRules.filter((rule) => rule.path!.test(path) && !(ignored && rule.skipIgnored) && !rule.allowlists.some((a) => allowsPathOnly(a, path)));
  }

  private globallyAllowedPath(context: TextContext): boolean {
    return context.path !== undefined && this.ruleSet.allowlists.some((a) => allowsPathOnly(a, context.path!));
  }

  private keeps(detection: Detection, text: string, context: TextContext): boolean {
    const { rule, secret } = detection;
    const match = text.slice(detection.matchStart, detection.matchEnd);
    if (rule.find) {
      // Regex detections were checked while matching (fromRegex); a finder's spans are checked here.
      if (rule.entropy !== undefined && rule.entropy > 0 && shannonEntropy(secret) < rule.entropy) return false;
      if (rule.accept && !rule.accept(secret, match)) return false;
    }
    const line = () => lineAround(text, detection.matchStart, detection.matchEnd);
    return ![...this.ruleSet.allowlists, ...rule.allowlists].some((allowlist) => allows(allowlist, { secret, match, line, ...context }));
  }
}

function fromSpans(rule: Rule, text: string, spans: Iterable<Span>): Detection[] {
  return [...spans].map((span) => ({
    rule,
    start: span.start,
    end: span.end,
    matchStart: span.start,
    matchEnd: span.end,
    secret: text.slice(span.start, span.end),
    key: span.key ?? keyBefore(text, span.start),
  }));
}

/**
 * Regex matches that pass the rule's entropy and built-in checks. The scan regex has no `d` flag
 * (indices cost an allocation per match); the secret group's offsets come from a sticky twin with
 * indices, run again only on the matches kept.
 */
function fromRegex(rule: Rule, text: string): Detection[] {
  const regex = rule.regex!;
  const found: Detection[] = [];
  regex.lastIndex = 0;
  for (let match = regex.exec(text); match; match = regex.exec(text)) {
    if (match[0].length === 0) {
      regex.lastIndex += 1;
      continue;
    }
    const group = secretGroupOf(match, rule.secretGroup, namedGroups(regex));
    const secret = match[group]!;
    if (rule.entropy !== undefined && rule.entropy > 0 && shannonEntropy(secret) < rule.entropy) continue;
    if (rule.accept && !rule.accept(secret, match[0])) continue;
    let start = match.index;
    if (group > 0) {
      const twin = withIndices(regex);
      twin.lastIndex = match.index;
      start = twin.exec(text)?.indices?.[group]?.[0] ?? match.index + match[0].indexOf(secret);
    }
    found.push({
      rule,
      start,
      end: start + secret.length,
      matchStart: match.index,
      matchEnd: match.index + match[0].length,
      secret,
      key: match.groups?.key ?? keyBefore(text, match.index),
    });
  }
  return found;
}

const TWINS = new WeakMap<RegExp, RegExp>();

function withIndices(regex: RegExp): RegExp {
  let twin = TWINS.get(regex);
  if (!twin) {
    twin = new RegExp(regex.source, `${regex.flags.replace(/[gyd]/g, '')}dy`);
    TWINS.set(regex, twin);
  }
  return twin;
}

/** gitleaks: the configured group, else the first non-empty unnamed capture group, else the whole match (0). */
function secretGroupOf(match: RegExpExecArray, secretGroup: number | undefined, named: ReadonlySet<number>): number {
  if (secretGroup !== undefined && secretGroup > 0) return match[secretGroup] !== undefined ? secretGroup : 0;
  for (let i = 1; i < match.length; i += 1) if (match[i] && !named.has(i)) return i;
  return 0;
}

const NAMED_GROUPS = new WeakMap<RegExp, ReadonlySet<number>>();

/** The numbers of a regex's named capture groups (`key`, quotes), which never hold the secret. */
function namedGroups(regex: RegExp): ReadonlySet<number> {
  let named = NAMED_GROUPS.get(regex);
  if (!named) {
    const found = new Set<number>();
    const source = regex.source;
    let group = 0;
    let inClass = false;
    for (let i = 0; i < source.length; i += 1) {
      const ch = source[i];
      if (ch === '\\') i += 1;
      else if (inClass) inClass = ch !== ']';
      else if (ch === '[') inClass = true;
      else if (ch === '(' && source[i + 1] !== '?') group += 1;
      else if (ch === '(' && source[i + 2] === '<' && source[i + 3] !== '=' && source[i + 3] !== '!') found.add((group += 1));
    }
    named = found;
    NAMED_GROUPS.set(regex, named);
  }
  return named;
}

function keyBefore(text: string, offset: number): string | null {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return KEY_BEFORE.exec(text.slice(lineStart, offset))?.[1] ?? null;
}

function lineAround(text: string, start: number, end: number): string {
  const from = text.lastIndexOf('\n', start - 1) + 1;
  const to = text.indexOf('\n', end);
  return text.slice(from, to === -1 ? text.length : to);
}

interface AllowTarget {
  readonly secret: string;
  readonly match: string;
  readonly line: () => string;
  readonly path?: string;
  readonly commit?: string;
}

function allows(allowlist: Allowlist, target: AllowTarget): boolean {
  const checks: boolean[] = [];
  if (allowlist.commits.length > 0) checks.push(target.commit !== undefined && allowlist.commits.includes(target.commit));
  if (allowlist.paths.length > 0) checks.push(target.path !== undefined && allowlist.paths.some((p) => p.test(target.path!)));
  if (allowlist.regexes.length > 0) {
    const subject = allowlist.regexTarget === 'match' ? target.match : allowlist.regexTarget === 'line' ? target.line() : target.secret;
    checks.push(allowlist.regexes.some((r) => r.test(subject)));
  }
  if (allowlist.stopwords.length > 0) {
    const secret = target.secret.toLowerCase();
    checks.push(allowlist.stopwords.some((word) => secret.includes(word)));
  }
  if (checks.length === 0) return false;
  return allowlist.condition === 'AND' ? checks.every(Boolean) : checks.some(Boolean);
}

/** An allowlist that, for this path alone, allows everything in the file. */
function allowsPathOnly(allowlist: Allowlist, path: string): boolean {
  const pathOnly = allowlist.commits.length === 0 && allowlist.regexes.length === 0 && allowlist.stopwords.length === 0;
  return pathOnly && allowlist.paths.some((p) => p.test(path));
}

function resolveOverlaps(found: Detection[]): Detection[] {
  const order = new Map<Rule, number>();
  const byPriority = [...found].sort((a, b) => rank(order, a.rule, found) - rank(order, b.rule, found) || a.start - b.start);
  const kept: Detection[] = [];
  for (const detection of byPriority) {
    if (!kept.some((k) => k.start < detection.end && detection.start < k.end)) kept.push(detection);
  }
  return kept.sort((a, b) => a.start - b.start || a.end - b.end);
}

/** A rule's position among the detections' rules, in the order they were found (= rule order). */
function rank(order: Map<Rule, number>, rule: Rule, found: readonly Detection[]): number {
  if (!order.has(rule)) order.set(rule, found.findIndex((d) => d.rule === rule));
  return order.get(rule)!;
}
