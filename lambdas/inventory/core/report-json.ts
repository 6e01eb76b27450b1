// The report as JSON, produced in chunks: at 500,000 secrets the document is hundreds of MB, more
// than one string should hold, so each record is stringified on its own and written as it comes.

import type { InventoryReport } from './record';

export function* reportJsonChunks(report: InventoryReport): Generator<string> {
  const { secrets, findings, plaintextCredentials, ...head } = report;
  const headJson = JSON.stringify(head);
  yield headJson.slice(0, -1);
  yield* arrayChunks('secrets', secrets);
  yield* arrayChunks('plaintextCredentials', plaintextCredentials);
  yield* arrayChunks('findings', findings);
  yield '}\n';
}

function* arrayChunks(name: string, items: readonly unknown[]): Generator<string> {
  yield `,${JSON.stringify(name)}:[`;
  const batch: string[] = [];
  for (let i = 0; i < items.length; i += 1) {
    batch.push(JSON.stringify(items[i]));
    if (batch.length === 1000) {
      yield (i + 1 > batch.length ? ',' : '') + batch.join(',');
      batch.length = 0;
    }
  }
  if (batch.length > 0) yield (items.length > batch.length ? ',' : '') + batch.join(',');
  yield ']';
}

export function reportJson(report: InventoryReport): string {
  return [...reportJsonChunks(report)].join('');
}
