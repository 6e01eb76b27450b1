/**
 * `docs/runbooks.md#<pack>-<id>`, e.g. `#inventory-unused`, `#compliance-secretsmanager-1`: the
 * anchors are written out in the runbook, so they never drift. One string per link, shared by every
 * finding that cites it (a million findings at 500,000 secrets).
 */
const links = new Map<string, string>();

export function runbookFor(pack: 'inventory' | 'compliance', id: string): string {
  const key = `${pack}-${id}`;
  let link = links.get(key);
  if (link === undefined) {
    link = `docs/runbooks.md#${key.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`;
    links.set(key, link);
  }
  return link;
}
