// Last line of defence for invariant 1: whatever a handler is about to log or publish passes
// through here, and any string that equals or contains a known secret value is masked.

export const REDACTED = '[REDACTED]';

/** Keys whose values are never logged, whatever they hold. */
const SENSITIVE_KEY = /pass(word)?|secret(string|binary)?$|token$|private.?key|credential|^value$/i;

export function redactText(text: string, secrets: readonly string[]): string {
  let out = text;
  // Longest first: masking a value that another contains (an old password that is a prefix of
  // the new one) would otherwise leave the rest of the longer one in clear.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (secret.length >= 4 && out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  return out;
}

/** Deep copy of `value` with sensitive keys masked and known secret values removed from strings. */
export function redact<T>(value: T, secrets: readonly string[] = []): T {
  const seen = new WeakSet<object>();
  const walk = (node: unknown, key?: string): unknown => {
    if (key !== undefined && SENSITIVE_KEY.test(key) && node != null && typeof node !== 'object') return REDACTED;
    if (typeof node === 'string') return redactText(node, secrets);
    if (node instanceof Error) return { name: node.name, message: redactText(node.message, secrets) };
    if (node === null || typeof node !== 'object') return node;
    if (seen.has(node)) return '[Circular]';
    seen.add(node);
    if (Array.isArray(node)) return node.map((item) => walk(item));
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v, k)]));
  };
  return walk(value) as T;
}
