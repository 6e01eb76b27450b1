// The report as JSON, produced in chunks: at 500,000 secrets the document is over a gigabyte, more
// than one string can hold (V8 strings stop near 512 MB), so records, findings, ids and dates are
// stringified a thousand at a time and written as they come. No indentation: whitespace would be a
// fifth of the file. `lambdas/inventory/inventory.schema.json` describes the whole document.

import type { AcceptedFinding, Finding, PlaintextCredential, SecretRecord } from '../../../contract/inventory';
import { runbookUrlOf, type RunbookOptions } from '../../../contract/runbook';
import { findingDates, newFindingIds, rebuildFindings } from '../history/ledger';
import type { ScanResult } from '../scan/scan';

const BATCH = 1000;

/** The parts of the document, each walked once, in the order they are written. */
interface ReportParts {
  readonly head: object;
  readonly newFindingIds: Iterable<string>;
  readonly firstSeen: Iterable<[string, string]>;
  readonly alertedAt: Iterable<[string, string]>;
  readonly secrets: Iterable<SecretRecord>;
  readonly plaintextCredentials: Iterable<PlaintextCredential>;
  readonly findings: Iterable<Finding>;
  /** Findings the catalog accepts until their expiry (few: one per entry and finding type). */
  readonly accepted: Iterable<AcceptedFinding>;
}

/** The parts of a scan's report; its findings are rebuilt while written (every rule runs once more). */
export function reportParts(result: ScanResult): ReportParts {
  return {
    head: result.head,
    newFindingIds: newFindingIds(result.judged),
    firstSeen: findingDates(result.judged, 'firstSeen'),
    alertedAt: findingDates(result.judged, 'alertedAt'),
    secrets: result.records,
    plaintextCredentials: result.plaintextCredentials,
    findings: rebuildFindings(result.judged),
    accepted: result.accepted,
  };
}

/** With the catalog's runbookBaseUrl, each finding's `runbook` is `<runbookBaseUrl>#<section>`. */
export function* reportJsonChunks(report: ReportParts, options: RunbookOptions = {}): Generator<string> {
  const base = options.runbookBaseUrl ?? null;
  const headJson = JSON.stringify(report.head);
  yield headJson.slice(0, -1);
  yield* arrayChunks('newFindingIds', report.newFindingIds);
  yield* mapChunks('firstSeen', report.firstSeen);
  yield* mapChunks('alertedAt', report.alertedAt);
  yield* arrayChunks('secrets', report.secrets);
  yield* arrayChunks('plaintextCredentials', report.plaintextCredentials);
  yield* arrayChunks('findings', base === null ? report.findings : linked(report.findings, base));
  yield* arrayChunks('accepted', base === null ? report.accepted : linked(report.accepted, base));
  yield '}\n';
}

function* linked<F extends Finding>(findings: Iterable<F>, base: string): Generator<F> {
  for (const f of findings) yield { ...f, runbook: runbookUrlOf(f.runbook, base) };
}

function* arrayChunks(name: string, items: Iterable<unknown>): Generator<string> {
  yield* joinedInBatches(`,${JSON.stringify(name)}:[`, (function* () {
    for (const item of items) yield JSON.stringify(item);
  })(), ']');
}

function* mapChunks(name: string, entries: Iterable<[string, string]>): Generator<string> {
  yield* joinedInBatches(`,${JSON.stringify(name)}:{`, (function* () {
    for (const [key, value] of entries) yield `${JSON.stringify(key)}:${JSON.stringify(value)}`;
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
