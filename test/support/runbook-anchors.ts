// The anchors docs/runbooks.md really has, read from its headings: the explicit `<a id="...">` on the
// line before a heading (the stable ids alarms and reports use) and each heading's own slug as
// GitHub renders it. A link to anything else opens the top of the page, not its section.
import { readFileSync } from 'node:fs';

const RUNBOOKS = new URL('../../docs/runbooks.md', import.meta.url);

/** GitHub's heading slug: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

export function runbookAnchors(text: string = readFileSync(RUNBOOKS, 'utf8')): Set<string> {
  const anchors = new Set<string>();
  const lines = text.split('\n');
  let fenced = false;
  lines.forEach((line, i) => {
    if (line.startsWith('```')) fenced = !fenced;
    if (fenced) return;
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    if (!heading) return;
    anchors.add(slug(heading[1]!));
    const explicit = /^<a id="([^"]+)"><\/a>\s*$/.exec(lines[i - 1] ?? '');
    if (explicit) anchors.add(explicit[1]!);
  });
  return anchors;
}

/** Every `<base>#<anchor>` in `text`, as anchors. */
export function linkedAnchors(text: string, base: string): string[] {
  const escaped = base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return [...text.matchAll(new RegExp(`${escaped}#([a-z0-9-]+)`, 'g'))].map((m) => m[1]!);
}
