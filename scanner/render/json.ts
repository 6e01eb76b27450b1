// `--format json` (secrets-scan.json): schemaVersion, the statistics and the findings. Findings
// hold the masked value, its length and the salted fingerprint, never the value.
import type { ScanResult } from '../types';

const SCAN_SCHEMA_VERSION = '1.0';

export function renderJson(result: ScanResult, failed: number): string {
  const { findings, statistics, saltSource, warnings } = result;
  return `${JSON.stringify({ schemaVersion: SCAN_SCHEMA_VERSION, tool: 'warden scan', mode: statistics.mode, saltSource, failed, statistics, warnings, findings }, null, 2)}\n`;
}
