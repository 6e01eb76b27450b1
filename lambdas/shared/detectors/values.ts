// Judgements about a candidate secret value, shared by every rule: how random it is, whether it is
// a placeholder or a reference to a secret stored elsewhere, and the only part of it ever shown.

/** Shannon entropy in bits per character. */
export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let entropy = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}

/** Whole values that stand for a secret without being one. */
const PLACEHOLDER_WHOLE =
  /^(?:changeme|change[-_ ]?me|change[-_ ]?this|password|passw0rd|secret|token|apikey|api[-_]?key|null|nil|none|undefined|true|false|empty|todo|tbd|redacted|hidden|masked|\*+|\.+|x+|-+|_+|0+|1234\w*|abc\w{0,3}|%s|%\(\w+\)s|\{\}|\{\d+\}|\[\w*\]|<[^<>]*>|\$\w+|\$\{[^}]*\}|\$\([^)]*\)|\{\{[^}]*\}\}|#\{[^}]*\}|%[A-Z_]+%|\$env:\w+)$/i;

/** Words that say "not a real value" anywhere in it. */
const PLACEHOLDER_WORD = /example|placeholder|changeme|change_me|dummy|sample|fixture|fake|redacted|not[-_]?a[-_]?(?:real[-_]?)?secret|notasecret|your[-_ ]?(?:own[-_ ]?)?(?:api|secret|token|key|pass|password|client|access|app)|xxxx|\*\*\*\*|\.\.\.\.|<[a-z][\w -]*>/i;

/** True for `changeme`, `${VAR}`, `<your-token>`, `xxxx`, anything with "example" and the like. */
export function isPlaceholder(value: string): boolean {
  const trimmed = value.trim();
  return trimmed.length === 0 || PLACEHOLDER_WHOLE.test(trimmed) || PLACEHOLDER_WORD.test(trimmed) || /^(.)\1+$/.test(trimmed);
}

/** Values that point at a secret rather than hold one (ARNs, dynamic references, interpolation). */
const REFERENCE = /^(?:arn:|\{\{resolve:|\$\{|\$\(|\/aws\/reference\/secretsmanager\/|ssm:|secretsmanager:|vault:|op:\/\/|env\(|process\.env|os\.environ|getenv)/i;

export function isReference(value: string): boolean {
  return REFERENCE.test(value.trim());
}

/** A URL with no `user:password@` part (an endpoint is not a secret, whatever its variable is called). */
export function isUrlWithoutPassword(value: string): boolean {
  const match = /^[a-z][a-z0-9+.-]*:\/\/([^/?#\s]*)/i.exec(value.trim());
  return match != null && !/^[^@]*:[^@]*@/.test(match[1]!);
}

/** Identifiers and values that look random but are not secrets: UUIDs, git SHAs, integrity hashes. */
const LOOKALIKE = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{40}|[0-9a-f]{64}|sha(?:1|256|384|512)-[A-Za-z0-9+/=]+|v?\d+(?:\.\d+){1,3}(?:[-+][\w.]+)?)$/i;

export function isLookalike(value: string): boolean {
  return LOOKALIKE.test(value.trim());
}

/**
 * What may be shown of a secret: its first characters (four at most, never more than a quarter of
 * it) and its length. The whole value is never shown.
 */
export function maskValue(value: string): { prefix: string; length: number } {
  const shown = Math.min(4, Math.floor(value.length / 4));
  return { prefix: `${value.slice(0, shown)}…`, length: value.length };
}
