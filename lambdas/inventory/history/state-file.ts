// The scan's memory between runs, `inventory/state.json`, one JSON document per line: a header,
// then per secret the facts still valid (policy, replicas, when read) and its open findings (first
// seen, last alerted), then findings on other resources. Read line by line into a map keyed by ARN:
// at 500,000 secrets `latest.json` passes 1 GB, more than one string can hold, and even a
// single-document state would be parsed whole. The key stays `state.json` (the one the function may
// read, see lib/constructs/inventory-scan.ts); earlier versions wrote one JSON document there, which
// is the first and only line of such a file and is still read.

import type { FindingType, PolicyFacts } from '../../../contract/inventory';
import { REPORT_KEYS } from '../../../contract/reports';
import { WardenError } from '../../shared/errors';
import type { ReportStore } from '../ports';
import type { ScanResult } from '../scan/scan';
import { PreviousStateBuilder, previousStateOf, type OpenFinding, type PreviousReport, type PreviousState } from './history';
import { findingDates } from './ledger';

export const STATE_JSON = REPORT_KEYS.inventoryState;
const LATEST_JSON = REPORT_KEYS.inventoryLatestJson;
const STATE_VERSION = 2;

interface StateHeader {
  readonly state: number;
  readonly generatedAt: string;
}
type StateLine =
  | { readonly arn: string; readonly policy: PolicyFacts | null; readonly replicas: { region: string; status: string }[]; readonly policyCheckedAt: string | null; readonly open?: Partial<Record<FindingType, OpenFinding>> }
  | { readonly id: string; readonly open: OpenFinding };

export function* stateChunks(result: Pick<ScanResult, 'head' | 'records' | 'judged'>): Generator<string> {
  yield `${JSON.stringify({ state: STATE_VERSION, generatedAt: result.head.generatedAt } satisfies StateHeader)}\n`;
  // The first-seen entries come grouped by secret in the order of the records, then those of other
  // resources; the alerted entries are a subsequence of them (history/ledger.ts). Both are walked
  // once, side by side, without rebuilding a finding or looking an id up.
  const firstSeen = findingDates(result.judged, 'firstSeen');
  const alerted = findingDates(result.judged, 'alertedAt');
  let seen = firstSeen.next();
  let alert = alerted.next();
  const openOf = (id: string, first: string): OpenFinding => {
    let alertedAt: string | null = null;
    if (!alert.done && alert.value[0] === id) {
      alertedAt = alert.value[1];
      alert = alerted.next();
    }
    return [first, alertedAt];
  };
  const batch: string[] = [];
  const flush = function* (force: boolean): Generator<string> {
    if (batch.length >= 1000 || (force && batch.length > 0)) {
      yield `${batch.join('\n')}\n`;
      batch.length = 0;
    }
  };
  for (const s of result.records) {
    let open: Partial<Record<FindingType, OpenFinding>> | undefined;
    for (; !seen.done; seen = firstSeen.next()) {
      const [id, first] = seen.value;
      // `<type>:<arn>`; a type has no colon.
      const colon = id.indexOf(':');
      if (id.slice(colon + 1) !== s.arn) break;
      (open ??= {})[id.slice(0, colon) as FindingType] = openOf(id, first);
    }
    if (!s.policyCheckedAt && !open) continue;
    batch.push(JSON.stringify({ arn: s.arn, policy: s.policy, replicas: [...s.replicas], policyCheckedAt: s.policyCheckedAt ?? null, ...(open ? { open } : {}) } satisfies StateLine));
    yield* flush(false);
  }
  for (; !seen.done; seen = firstSeen.next()) {
    batch.push(JSON.stringify({ id: seen.value[0], open: openOf(seen.value[0], seen.value[1]) } satisfies StateLine));
    yield* flush(false);
  }
  yield* flush(true);
}

/** The previous run: `state.json` line by line (or its one-document legacy form), else `latest.json`. */
export async function readPreviousState(reports: ReportStore): Promise<PreviousState | null> {
  const lines = await reports.readLines(STATE_JSON);
  if (lines === null) return previousStateOf(await reports.readJson<PreviousReport>(LATEST_JSON));
  let builder: PreviousStateBuilder | null = null;
  for await (const line of lines) {
    if (line.trim() === '') continue;
    if (builder === null) {
      const header = JSON.parse(line) as Partial<StateHeader> & Partial<PreviousReport>;
      if (header.state === undefined && typeof header.generatedAt === 'string') return previousStateOf(header as PreviousReport);
      if (header.state !== STATE_VERSION) throw new StateFormatError(STATE_JSON, header.state);
      builder = new PreviousStateBuilder(header.generatedAt!);
      continue;
    }
    const entry = JSON.parse(line) as StateLine;
    if ('id' in entry) {
      builder.finding(entry.id, entry.open[0], entry.open[1]);
      continue;
    }
    if (entry.policyCheckedAt) builder.facts(entry.arn, entry.policy, entry.replicas, entry.policyCheckedAt);
    for (const [type, [firstSeen, alertedAt]] of Object.entries(entry.open ?? {}) as [FindingType, OpenFinding][]) builder.finding(`${type}:${entry.arn}`, firstSeen, alertedAt);
  }
  return builder?.build() ?? null;
}

class StateFormatError extends WardenError {
  constructor(key: string, version: unknown) {
    super(`${key} has state version ${JSON.stringify(version)}, this function reads ${STATE_VERSION}; delete the object (the next run starts afresh and alerts on every open finding once)`);
  }
}
