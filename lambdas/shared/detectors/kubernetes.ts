// Kubernetes `Secret` manifests: every value under `data:` / `stringData:` of a YAML document whose
// `kind` is `Secret`. Line-based (a YAML parse loses offsets and fails on templated manifests).
import type { Span } from './types';
import { isPlaceholder, isReference } from './values';

const KIND_SECRET = /^kind:\s*["']?Secret["']?\s*(?:#.*)?$/m;
const SECTION = /^(data|stringData):\s*(?:#.*)?$/;
const ENTRY = /^(\s+)["']?([\w.-]+)["']?:[ \t]*(.*)$/;

export function* kubernetesSecretValues(text: string): Iterable<Span> {
  if (!KIND_SECRET.test(text)) return;
  let offset = 0;
  for (const document of text.split(/^(?=---)/m)) {
    if (KIND_SECRET.test(document)) yield* valuesOf(document, offset);
    offset += document.length;
  }
}

function* valuesOf(document: string, base: number): Iterable<Span> {
  let inSection = false;
  let position = base;
  for (const line of document.split('\n')) {
    const lineStart = position;
    position += line.length + 1;
    if (SECTION.test(line)) {
      inSection = true;
      continue;
    }
    if (!/^\s/.test(line) && line.trim() !== '') inSection = false;
    if (!inSection) continue;
    const entry = ENTRY.exec(line);
    if (!entry) continue;
    const raw = entry[3]!.replace(/\s+#.*$/, '').trimEnd();
    const quoted = /^(["'])(.*)\1$/.exec(raw);
    const value = quoted ? quoted[2]! : raw;
    if (value === '' || value === '|' || value === '>' || value.startsWith('|') || value.startsWith('>')) continue;
    if (isPlaceholder(value) || isReference(value) || isPlaceholder(decoded(value))) continue;
    const start = lineStart + line.indexOf(raw) + (quoted ? 1 : 0);
    yield { start, end: start + value.length, key: entry[2]! };
  }
}

/** `data:` values are base64; a placeholder hides inside them as well. */
function decoded(value: string): string {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return value;
  const text = Buffer.from(value, 'base64').toString('utf8');
  return /^[\x20-\x7e]*$/.test(text) ? text : value;
}
