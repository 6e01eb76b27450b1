// Runs a rule set over text. A keyword prefilter (Aho-Corasick, modern-ahocorasick) walks the
// lower-cased text once and finds which rules' keywords occur in it, and where: only those rules'
// regexes run, and a rule that says where its matches start relative to a keyword (`anchor`) is
// tried only there (a sticky regex, after a cheap test of what must follow) instead of over the
// whole text. Each candidate then passes the
// rule's secret group, entropy, built-in checks and allowlists (the rule's and the global ones).
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
  /** The caller checked that the text holds ASCII only (e.g. from the file's bytes): the engine skips that test. */
  readonly ascii?: boolean;
}

export interface EngineOptions {
  /** Use the rules' `anchor`s (default). Off: every chosen regex scans the whole text (the tests compare the two). */
  readonly anchors?: boolean;
}

/** A UTF-16 unit outside ASCII. */
const NON_ASCII = /[^\0-\x7f]/;
const NON_ASCII_ALL = /[^\0-\x7f]/g;

/** `NAME =`, `"name":`, `name:=` right before a value on the same line. */
const KEY_BEFORE = /([A-Za-z_][\w.-]*)["']?\s*(?::=|=>|\?=|[:=])\s*["'`]?\s*$/;

export class DetectorEngine {
  private readonly contentRules: readonly Rule[];
  private readonly fileRules: readonly Rule[];
  private readonly matcher: AhoCorasick | null;
  /** The prefilter's keywords (lower-case, each once). */
  private readonly dictionary: readonly string[];
  /** Per content rule: its keywords' indexes in the dictionary (none: it runs on every text). */
  private readonly keywordsOfRule: readonly number[][];
  /**
   * An ASCII character no keyword holds, standing in for every non-ASCII UTF-16 unit of the text
   * the prefilter walks: modern-ahocorasick matches grapheme by grapheme and has a fast path for
   * ASCII text only (a single accent sends the rest of a file through Intl.Segmenter, under
   * 1 MB/s). Keywords are ASCII, so they occur in the stand-in text exactly where they occur in the
   * text, at the same offsets. Null when a keyword (from a --config file) is not ASCII.
   */
  private readonly standIn: string | null;
  private readonly useAnchors: boolean;

  constructor(
    readonly ruleSet: RuleSet,
    options: EngineOptions = {},
  ) {
    this.useAnchors = options.anchors ?? true;
    this.contentRules = ruleSet.rules.filter((r) => r.regex || r.find);
    this.fileRules = ruleSet.rules.filter((r) => !r.regex && !r.find && r.path);
    // Each keyword's index in the dictionary, in order of first use.
    const indexes = new Map<string, number>();
    this.keywordsOfRule = this.contentRules.map((rule) =>
      [...new Set(rule.keywords.map((k) => k.toLowerCase()))].map((keyword) => {
        let index = indexes.get(keyword);
        if (index === undefined) indexes.set(keyword, (index = indexes.size));
        return index;
      }),
    );
    const dictionary = [...indexes.keys()];
    this.dictionary = dictionary;
    this.matcher = dictionary.length > 0 ? new AhoCorasick(dictionary) : null;
    const used = new Set(dictionary.join(''));
    const ascii = dictionary.every((k) => !NON_ASCII.test(k));
    this.standIn = ascii ? ([...Array(128).keys()].map((code) => String.fromCharCode(code)).find((ch) => !used.has(ch)) ?? null) : null;
  }

  /**
   * The content rules whose keywords occur in the text (and which apply to its path), in rule
   * order, with where their keywords start (`hits`) for an anchored rule. One pass of the
   * prefilter (modern-ahocorasick's `search`) gives every keyword occurrence with its offset.
   * When a keyword is not ASCII (a --config rule) the text keeps its own characters and the
   * automaton matches whole graphemes, so the offsets come from indexOf instead.
   */
  private candidates(lower: string, context: TextContext, anchored: boolean, ascii: boolean): { rule: Rule; hits: number[] | null }[] {
    const positions: (number[] | undefined)[] = new Array<number[] | undefined>(this.dictionary.length);
    if (this.matcher) {
      const subject = this.standIn !== null && !ascii && NON_ASCII.test(lower) ? lower.replace(NON_ASCII_ALL, this.standIn) : lower;
      for (const match of this.matcher.search(subject)) {
        const list = positions[match.patternIndex];
        if (list) list.push(match.start);
        else positions[match.patternIndex] = [match.start];
      }
    }
    const chosen: { rule: Rule; hits: number[] | null }[] = [];
    for (let index = 0; index < this.contentRules.length; index += 1) {
      const rule = this.contentRules[index]!;
      if (rule.path && (context.path === undefined || !rule.path.test(context.path))) continue;
      const keywords = this.keywordsOfRule[index]!;
      if (keywords.length === 0) {
        chosen.push({ rule, hits: null });
        continue;
      }
      let hits: number[] | null = null;
      for (const keyword of keywords) {
        const at = positions[keyword];
        if (at === undefined) continue;
        hits ??= [];
        if (anchored && rule.anchor) for (const offset of this.standIn === null ? offsetsOf(lower, this.dictionary[keyword]!) : at) hits.push(offset);
      }
      if (hits !== null) chosen.push({ rule, hits: anchored && rule.anchor ? hits : null });
    }
    return chosen;
  }

  /** Every secret in the text, in order of position, overlaps resolved by rule order. */
  detect(text: string, context: TextContext = {}): Detection[] {
    if (text.length === 0 || this.globallyAllowedPath(context)) return [];
    const lower = text.toLowerCase();
    // Keyword offsets are the text's own only when lower-casing kept every character's length.
    const anchored = this.useAnchors && lower.length === text.length;
    const found: Detection[] = [];
    for (const { rule, hits } of this.candidates(lower, context, anchored, context.ascii === true)) {
      const detections = rule.find ? fromSpans(rule, text, rule.find(text)) : anchored && rule.anchor && hits ? fromAnchoredRegex(rule, rule.anchor, text, hits, context.path) : fromRegex(rule, text, context.path);
      for (const detection of detections) {
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
      if (rule.accept && !rule.accept(secret, match, context.path)) return false;
    }
    const line = () => lineAround(text, detection.matchStart, detection.matchEnd);
    return ![...this.ruleSet.allowlists, ...rule.allowlists].some((allowlist) => allows(allowlist, { secret, match, line, ...context }));
  }
}

/** Where a keyword starts in the text, every occurrence (overlapping ones too). */
function offsetsOf(text: string, keyword: string): number[] {
  const offsets: number[] = [];
  for (let at = text.indexOf(keyword); at !== -1; at = text.indexOf(keyword, at + 1)) offsets.push(at);
  return offsets;
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
function fromRegex(rule: Rule, text: string, path: string | undefined): Detection[] {
  const regex = rule.regex!;
  const found: Detection[] = [];
  regex.lastIndex = 0;
  for (let match = regex.exec(text); match; match = regex.exec(text)) {
    if (match[0].length === 0) {
      regex.lastIndex += 1;
      continue;
    }
    const detection = detectionOf(rule, text, match, path);
    if (detection) found.push(detection);
  }
  return found;
}

/**
 * The same matches as fromRegex, found by trying the regex (sticky) only where the rule's anchor
 * says a match can start, in increasing order, each attempt after the end of the previous match:
 * a global regex tries every offset in that order, and no match starts anywhere else.
 */
function fromAnchoredRegex(rule: Rule, anchor: NonNullable<Rule['anchor']>, text: string, hits: readonly number[], path: string | undefined): Detection[] {
  const starts = anchorStarts(anchor, text, hits);
  const sticky = derived(rule.regex!, 'y');
  const found: Detection[] = [];
  let next = 0;
  for (const start of starts) {
    if (start < next) continue;
    sticky.lastIndex = start;
    const match = sticky.exec(text);
    if (!match) continue;
    if (match[0].length === 0) {
      next = start + 1;
      continue;
    }
    next = start + match[0].length;
    const detection = detectionOf(rule, text, match, path);
    if (detection) found.push(detection);
  }
  return found;
}

/** The offsets where a match can start, ascending, without repeats. */
function anchorStarts(anchor: NonNullable<Rule['anchor']>, text: string, hits: readonly number[]): Int32Array {
  const starts: number[] = [];
  const { within, run } = anchor;
  const inRun = run ? runTable(run) : null;
  const follows = run && anchor.follows ? derived(anchor.follows, 'y') : null;
  for (const hit of hits) {
    if (inRun) {
      let start = hit;
      while (start > 0 && hit - start <= within && inRun(text.charCodeAt(start - 1))) start -= 1;
      if (hit - start > within) continue;
      if (follows) {
        let end = hit;
        while (end < text.length && inRun(text.charCodeAt(end))) end += 1;
        follows.lastIndex = end;
        if (!follows.test(text)) continue;
      }
      starts.push(start);
    } else {
      for (let start = Math.max(0, hit - within); start <= hit; start += 1) starts.push(start);
    }
  }
  const sorted = Int32Array.from(starts).sort();
  let kept = 0;
  for (let i = 0; i < sorted.length; i += 1) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[kept++] = sorted[i]!;
  return sorted.subarray(0, kept);
}

const RUNS = new WeakMap<RegExp, (code: number) => boolean>();

/** A one-character class as a test on a UTF-16 unit (a table for ASCII). */
function runTable(run: RegExp): (code: number) => boolean {
  let test = RUNS.get(run);
  if (!test) {
    const single = new RegExp(`^(?:${run.source})$`, run.flags.replace(/[gy]/g, ''));
    const ascii = Array.from({ length: 128 }, (_, code) => single.test(String.fromCharCode(code)));
    test = (code) => (code < 128 ? ascii[code]! : single.test(String.fromCharCode(code)));
    RUNS.set(run, test);
  }
  return test;
}

/** One match as a detection, or null when the rule's entropy or built-in checks drop it. */
function detectionOf(rule: Rule, text: string, match: RegExpExecArray, path: string | undefined): Detection | null {
  const regex = rule.regex!;
  const group = secretGroupOf(match, rule.secretGroup, namedGroups(regex));
  const secret = match[group]!;
  if (rule.entropy !== undefined && rule.entropy > 0 && shannonEntropy(secret) < rule.entropy) return null;
  if (rule.accept && !rule.accept(secret, match[0], path)) return null;
  let start = match.index;
  if (group > 0) {
    const twin = derived(regex, 'dy');
    twin.lastIndex = match.index;
    start = twin.exec(text)?.indices?.[group]?.[0] ?? match.index + match[0].indexOf(secret);
  }
  return {
    rule,
    start,
    end: start + secret.length,
    matchStart: match.index,
    matchEnd: match.index + match[0].length,
    secret,
    key: match.groups?.key ?? keyBefore(text, match.index),
  };
}

const DERIVED = new Map<string, WeakMap<RegExp, RegExp>>();

/**
 * The rule's regex with other flags, compiled once: `y` (sticky) for anchored attempts, `dy`
 * (sticky with indices) for the secret group's offsets.
 */
function derived(regex: RegExp, flags: 'y' | 'dy'): RegExp {
  let cache = DERIVED.get(flags);
  if (!cache) DERIVED.set(flags, (cache = new WeakMap()));
  let copy = cache.get(regex);
  if (!copy) {
    copy = new RegExp(regex.source, `${regex.flags.replace(/[gyd]/g, '')}${flags}`);
    cache.set(regex, copy);
  }
  return copy;
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
