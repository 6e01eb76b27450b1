// The shape of a detection rule. Built-in rules (builtin.ts) and rules read from a gitleaks TOML
// file (scanner/config.ts) are the same type, so one engine (engine.ts) runs both.

/** The sensitivity table: critical = database, cloud, auth, encryption keys; high = API keys, certificates, payment; medium = third-party and internal tokens. */
export type Sensitivity = 'critical' | 'high' | 'medium';
export const SENSITIVITIES: readonly Sensitivity[] = ['critical', 'high', 'medium'];

/** What a finding would become in the catalog (config/secrets.yaml `kind`). */
export type CatalogKind = 'postgres' | 'random' | 'external';

/** gitleaks' allowlist: a match is allowed when its criteria hold (any with OR, all given with AND). */
export interface Allowlist {
  readonly description?: string;
  readonly condition: 'OR' | 'AND';
  /** What `regexes` test: the secret (default), the whole match, or the match's line. */
  readonly regexTarget: 'secret' | 'match' | 'line';
  readonly regexes: readonly RegExp[];
  readonly paths: readonly RegExp[];
  /** Allowed when the secret contains one of these (lower-case). */
  readonly stopwords: readonly string[];
  readonly commits: readonly string[];
}

/** A span of text that is a secret, found by a rule's own finder (not a regex). */
export interface Span {
  readonly start: number;
  readonly end: number;
  /** The variable or key the value is assigned to, when the finder knows it. */
  readonly key?: string;
}

export interface Rule {
  readonly id: string;
  readonly description: string;
  readonly sensitivity: Sensitivity;
  /** Global (`g`); the engine derives a sticky twin with indices for the secret group's offsets. */
  readonly regex?: RegExp;
  /** Capture group holding the secret; 0/undefined = the first non-empty group, else the whole match. */
  readonly secretGroup?: number;
  /** Minimum Shannon entropy of the secret (bits per character). */
  readonly entropy?: number;
  /** Lower-case literals; the rule runs only on text containing one of them. Empty = always. */
  readonly keywords: readonly string[];
  /**
   * Where a match starts relative to the rule's keywords, so the engine tries the regex only there
   * (sticky) instead of scanning the whole text; the findings are the same. Holds when every match
   * contains one of the keywords (case-insensitively) starting at most `within` characters after
   * the match's start. With `run`, every character from the match's start up to that keyword is
   * one of `run` (one character class) and the character before the start is not: the match then
   * starts where the run of those characters holding the keyword begins. With `run` and
   * `follows`, every match also continues, right where that run ends, with text `follows` matches
   * (tried sticky there): the engine tries the rule's regex only at runs that pass this cheap test.
   * Built-in rules only; test/unit/detectors/corpus-findings.test.ts compares the findings with and
   * without anchors.
   */
  readonly anchor?: { readonly within: number; readonly run?: RegExp; readonly follows?: RegExp };
  /** The rule applies only to files whose path matches; a rule with a path and no regex reports the file itself. */
  readonly path?: RegExp;
  readonly allowlists: readonly Allowlist[];
  /**
   * Built-in checks a regex cannot express (placeholders, references); false drops the match.
   * `path` is the file's, relative to the scanned root (undefined for standard input or a variable).
   */
  readonly accept?: (secret: string, match: string, path?: string) => boolean;
  /** For structures a regex cannot follow (Kubernetes Secret manifests): the spans of secret values. */
  readonly find?: (text: string) => Iterable<Span>;
  /** The file rule does not apply to files the repository ignores (an ignored `.env` is fine). */
  readonly skipIgnored?: boolean;
  readonly kind?: CatalogKind;
  /** Where such a value lives today, in words, for the inventory report. */
  readonly storage?: string;
}

/** One secret a rule found in a text: offsets into that text, and the value (kept in memory only). */
export interface Detection {
  readonly rule: Rule;
  /** The secret's offsets. */
  readonly start: number;
  readonly end: number;
  /** The whole match's offsets (equal to the secret's for finders). */
  readonly matchStart: number;
  readonly matchEnd: number;
  readonly secret: string;
  readonly key: string | null;
}
