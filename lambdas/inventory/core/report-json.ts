// The report as JSON, produced in chunks: at 500,000 secrets the document is over a gigabyte, more
// than one string can hold (V8 strings stop near 512 MB), so records, findings, ids and dates are
// stringified a thousand at a time and written as they come. No indentation: whitespace would be a
// fifth of the file. `lambdas/inventory/inventory.schema.json` describes the whole document.

import { acceptedRunbookBase, runbookUrlOf, type RunbookOptions } from '../../../contract/runbook';
import { entriesOf } from './lazy';
import type { Finding, InventoryReport } from './record';

const BATCH = 1000;

/** With the catalog's runbookBaseUrl, each finding's `runbook` is `<runbookBaseUrl>#<section>`. */
export function* reportJsonChunks(report: InventoryReport, options: RunbookOptions = {}): Generator<string> {
  const base = acceptedRunbookBase(options);
  const { secrets, findings, plaintextCredentials, newFindingIds, firstSeen, alertedAt, ...head } = report;
  const headJson = JSON.stringify(head);
  yield headJson.slice(0, -1);
  yield* arrayChunks('newFindingIds', newFindingIds);
  yield* mapChunks('firstSeen', firstSeen);
  if (alertedAt !== undefined) yield* mapChunks('alertedAt', alertedAt);
  yield* arrayChunks('secrets', secrets);
  yield* arrayChunks('plaintextCredentials', plaintextCredentials);
  yield* arrayChunks('findings', base === null ? findings : linked(findings, base));
  yield '}\n';
}

function* linked(findings: Iterable<Finding>, base: string): Generator<Finding> {
  for (const f of findings) yield { ...f, runbook: runbookUrlOf(f.runbook, base) };
}

function* arrayChunks(name: string, items: Iterable<unknown>): Generator<string> {
  yield* joinedInBatches(`,${JSON.stringify(name)}:[`, (function* () {
    for (const item of items) yield JSON.stringify(item);
  })(), ']');
}

function* mapChunks(name: string, map: Readonly<Record<string, string>>): Generator<string> {
  yield* joinedInBatches(`,${JSON.stringify(name)}:{`, (function* () {
    for (const [key, value] of entriesOf(map)) yield `${JSON.stringify(key)}:${JSON.stringify(value)}`;
  })(), '}');
}

/** `open`, the members comma-separated and BATCH to a chunk, then `close`. */
function* joinedInBatches(open: string, members: Iterable<string>, close: string): Generator<string> {
  yield open;
  const batch: string[] = [];
  let first = true;
  for (const member of members) {
    batch.push(member);
    if (batch.length === BATCH) {
      yield (first ? '' : ',') + batch.join(',');
      first = false;
      batch.length = 0;
    }
  }
  if (batch.length > 0) yield (first ? '' : ',') + batch.join(',');
  yield close;
}
