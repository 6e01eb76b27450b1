// The one loader of the catalog summary (contract/catalog-summary.ts) that the InventoryScan and
// ComplianceReport constructs ship beside each bundle. Read once per cold start.

import { readFileSync } from 'node:fs';
import { CATALOG_SUMMARY_FILE, type CatalogSummary } from '../../contract/catalog-summary';
import { runbookBaseUrlProblem } from '../../contract/runbook';
import { InputError } from './errors';

const FIX = 'deploy the function with its construct (InventoryScan, ComplianceReport), which ships it, or point CATALOG_SUMMARY_PATH at one built by buildCatalogSummary';

/**
 * Reads and checks the summary. `path` defaults to CATALOG_SUMMARY_PATH (tests, local runs) or the
 * file beside the bundle (`bundleUrl` is the handler's `import.meta.url`).
 */
export function loadCatalogSummary(bundleUrl: string, path: string | URL = process.env.CATALOG_SUMMARY_PATH ?? new URL(`./${CATALOG_SUMMARY_FILE}`, bundleUrl)): CatalogSummary {
  let document: unknown;
  try {
    document = JSON.parse(readFileSync(path, 'utf8'));
  } catch (cause) {
    throw new InputError(CATALOG_SUMMARY_FILE, `cannot be read or parsed at ${String(path)}`, FIX, { cause });
  }
  const summary = document as Partial<CatalogSummary> | null;
  const missing = ['environment', 'environments', 'settings', 'secrets', 'readersByEnvironment'].filter((key) => summary?.[key as keyof CatalogSummary] == null);
  if (missing.length > 0) throw new InputError(CATALOG_SUMMARY_FILE, `lacks ${missing.join(', ')} (built by an older version?)`, FIX);
  // The synth validated it; a hand-made summary (CATALOG_SUMMARY_PATH) could put anything in links.
  const runbookBaseUrl = summary?.runbookBaseUrl;
  const problem = typeof runbookBaseUrl === 'string' ? runbookBaseUrlProblem(runbookBaseUrl) : runbookBaseUrl == null ? null : 'is not a string';
  if (problem !== null) throw new InputError(`${CATALOG_SUMMARY_FILE} runbookBaseUrl`, problem, 'set runbookBaseUrl in config/secrets.yaml and deploy again');
  // Summaries built before adminRoleArn/cisMonitoring/runbookBaseUrl/acceptances were added: no admin role, CIS filters on (the catalog default), no base URL, nothing accepted.
  return { adminRoleArn: null, cisMonitoring: true, runbookBaseUrl: null, acceptances: [], ...summary } as CatalogSummary;
}
