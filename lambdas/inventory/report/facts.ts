// What the compliance report needs of the inventory (`inventory/latest.facts.ndjson`), one line per
// secret after a header line (the report without its per-secret arrays and finding bookkeeping). The
// compliance Lambda reads it line by line instead of parsing `latest.json` (lambdas/compliance/run.ts),
// which past about 200,000 secrets is larger than a V8 string may be.

import type { InventoryReport } from '../../../contract/inventory';

type FactsSource = Pick<InventoryReport, 'schemaVersion' | 'environment' | 'account' | 'region' | 'generatedAt' | 'summary' | 'plaintextCredentials' | 'scan' | 'secrets'>;

/** The header line, then the records a thousand lines to a chunk. */
export function* factsChunks(report: FactsSource): Generator<string> {
  const { schemaVersion, environment, account, region, generatedAt, summary, plaintextCredentials, scan } = report;
  yield `${JSON.stringify({ schemaVersion, environment, account, region, generatedAt, summary, plaintextCredentials, scan, records: report.secrets.length })}\n`;
  const batch: string[] = [];
  for (const s of report.secrets) {
    batch.push(JSON.stringify(s));
    if (batch.length === 1000) {
      yield `${batch.join('\n')}\n`;
      batch.length = 0;
    }
  }
  if (batch.length > 0) yield `${batch.join('\n')}\n`;
}
