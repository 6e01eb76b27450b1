/**
 * `docs/runbooks.md#<pack>-<id>`, e.g. `#inventory-unused`, `#compliance-secretsmanager-1`: the
 * anchors are written out in the runbook, so they never drift. One string per link, shared by every
 * finding that cites it (a million findings at 500,000 secrets). This is the recorded reference;
 * what a person reads is resolved against the catalog's runbookBaseUrl (contract/runbook.ts).
 */
import { packRunbookAnchor, runbookLink } from '../../../contract/runbook';

const links = new Map<string, string>();

export function runbookFor(pack: 'inventory' | 'compliance', id: string): string {
  const key = `${pack}\u0000${id}`;
  let link = links.get(key);
  if (link === undefined) {
    link = runbookLink(packRunbookAnchor(pack, id));
    links.set(key, link);
  }
  return link;
}
