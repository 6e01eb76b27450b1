// Last line of defence for invariant 1: the rotation core passes every error message and failed
// step's log line through here, and any string that equals or contains a known secret value is masked.

export const REDACTED = '[REDACTED]';

export function redactText(text: string, secrets: readonly string[]): string {
  let out = text;
  // Longest first: masking a value that another contains (an old password that is a prefix of
  // the new one) would otherwise leave the rest of the longer one in clear.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (secret.length >= 4 && out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  return out;
}
