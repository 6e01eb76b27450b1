// The latest reports in the environment's report bucket, for `warden status`: the bucket's name
// (--report-bucket, WARDEN_REPORT_BUCKET, or the main stack's ReportBucketName output), the
// inventory's summary (the header line of inventory/latest.facts.ndjson: the report without its
// per-secret arrays, so even a 500,000-secret report costs one line) and the compliance score
// (compliance/latest.json). Read through the functions' own report store
// (lambdas/shared/report-store.ts). A report that cannot be read is an answer, not a failure:
// status shows one line saying why.
import { S3Client } from '@aws-sdk/client-s3';
import type { Severity } from '../contract/inventory';
import { REPORT_KEYS } from '../contract/reports';
import { mainStackName } from '../lib/catalog/shards';
import { s3ReportStore, type ReportStore } from '../lambdas/shared/report-store';
import type { Session } from './context';
import { describeDeployedStack } from './stack';

/** The stack output naming the report bucket (lib/stacks/secrets-warden-stack.ts). */
const REPORT_BUCKET_OUTPUT = 'ReportBucketName';

export type Sourced<T> = { readonly ok: true; readonly value: T; readonly where: string } | { readonly ok: false; readonly reason: string };

export interface InventorySummary {
  readonly generatedAt: string;
  readonly secrets: number;
  readonly findingsBySeverity: Readonly<Record<Severity, number>>;
}

export interface ComplianceSummary {
  readonly generatedAt: string;
  /** Percentage of compliant evaluations; null when nothing applied. */
  readonly score: number | null;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** --report-bucket, else WARDEN_REPORT_BUCKET, else the main stack's ReportBucketName output. */
export async function reportBucketOf(session: Session, given: string | undefined): Promise<Sourced<string>> {
  const named = given ?? process.env.WARDEN_REPORT_BUCKET;
  if (named) return { ok: true, value: named, where: given ? '--report-bucket' : 'WARDEN_REPORT_BUCKET' };
  const stack = mainStackName(session.environment.name);
  try {
    const deployed = await describeDeployedStack(session.config, stack);
    if (!deployed) return { ok: false, reason: `stack ${stack} is not deployed here (pass --report-bucket NAME, or set WARDEN_REPORT_BUCKET)` };
    const bucket = deployed.outputs[REPORT_BUCKET_OUTPUT];
    if (!bucket) return { ok: false, reason: `stack ${stack} has no ${REPORT_BUCKET_OUTPUT} output (deploy the current version, or pass --report-bucket)` };
    return { ok: true, value: bucket, where: `stack ${stack}` };
  } catch (error) {
    return { ok: false, reason: `report bucket unknown: ${message(error)} (pass --report-bucket NAME, or set WARDEN_REPORT_BUCKET)` };
  }
}

/** The functions' report store over the caller's credentials (path-style against a custom endpoint, as S3-compatible servers expect). */
export function reportStoreFor(session: Session, bucket: string): ReportStore {
  const custom = process.env.AWS_ENDPOINT_URL_S3 ?? process.env.AWS_ENDPOINT_URL;
  return s3ReportStore(new S3Client({ ...session.config, ...(custom ? { forcePathStyle: true } : {}) }), bucket);
}

/** The latest inventory report's summary, from the first line of its facts file. */
export async function latestInventory(store: ReportStore, bucket: string): Promise<Sourced<InventorySummary>> {
  const key = REPORT_KEYS.inventoryFacts;
  const where = `s3://${bucket}/${key}`;
  try {
    const lines = await store.readLines(key);
    if (lines === null) return { ok: false, reason: `no inventory report at ${where} (not written yet, or you may not read it)` };
    for await (const line of lines) {
      const header = JSON.parse(line) as { generatedAt?: unknown; summary?: { secrets?: unknown; findingsBySeverity?: Record<Severity, number> } };
      if (typeof header.generatedAt !== 'string' || !header.summary?.findingsBySeverity) return { ok: false, reason: `${where} does not start with an inventory summary line` };
      return { ok: true, value: { generatedAt: header.generatedAt, secrets: Number(header.summary.secrets ?? 0), findingsBySeverity: header.summary.findingsBySeverity }, where };
    }
    return { ok: false, reason: `${where} is empty` };
  } catch (error) {
    return { ok: false, reason: message(error) };
  }
}

/** The latest compliance report's score. */
export async function latestCompliance(store: ReportStore, bucket: string): Promise<Sourced<ComplianceSummary>> {
  const key = REPORT_KEYS.complianceLatestJson;
  const where = `s3://${bucket}/${key}`;
  try {
    const report = await store.readJson<{ generatedAt?: unknown; score?: { score?: unknown } }>(key);
    if (report === null) return { ok: false, reason: `no compliance report at ${where} (not written yet, or you may not read it)` };
    const score = report.score?.score;
    if (typeof report.generatedAt !== 'string' || (typeof score !== 'number' && score !== null)) return { ok: false, reason: `${where} is not a compliance report (no generatedAt / score)` };
    return { ok: true, value: { generatedAt: report.generatedAt, score: score ?? null }, where };
  } catch (error) {
    return { ok: false, reason: message(error) };
  }
}
