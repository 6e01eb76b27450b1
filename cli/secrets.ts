// The account's secrets as the inventory sees them, for `list` (and `status`): the inventory's
// own listing adapter, record builder and the rulebook's inventory pack (lambdas/shared/checks), so the CLI judges a secret exactly as
// the scheduled scan does (no second copy of a rule). Values are never read here.
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { buildCatalogSummary } from '../lib/catalog/summary';
import { acceptedFindings, checkContext, inventoryFindings, type CheckContext, type FindingBrief } from '../lambdas/shared/checks';
import { SEVERITIES } from '../lambdas/shared/checks/severity';

export { SEVERITIES };
import type { AcceptedFinding, Finding, SecretRecord, Severity } from '../contract/inventory';
import { indexCatalog, toRecord } from '../lambdas/inventory/scan/records';
import { secretsManagerSource } from '../lambdas/inventory/adapters/secrets-manager';
import type { SecretsSource } from '../lambdas/inventory/ports';
import { callAws } from './aws';
import { usageError } from './errors';
import type { Session } from './context';

type SecretPage = Awaited<ReturnType<SecretsSource['listPage']>>;


export interface JudgedSecret<F extends FindingBrief = Finding> {
  readonly record: SecretRecord;
  readonly findings: readonly F[];
  /** Findings the catalog accepts (`accept:`) until their expiry: shown, never counted as open. */
  readonly accepted: readonly AcceptedFinding[];
}

const NO_FACTS = { policy: null, policyCheckedAt: null, replicas: [], error: null } as const;

/**
 * Every secret of the environment's account and region (other catalog environments sharing it
 * excluded), judged by the inventory rules: whole findings, or with `findingsOf` =
 * inventoryFindingBriefs only their type and severity (what `list` counts, built faster).
 */
export async function judgeSecrets(session: Session, client: SecretsManagerClient, onPage?: (count: number) => void, now?: Date): Promise<JudgedSecret[]>;
export async function judgeSecrets<F extends FindingBrief>(session: Session, client: SecretsManagerClient, onPage: (count: number) => void, now: Date, findingsOf: (record: SecretRecord, context: CheckContext) => F[]): Promise<JudgedSecret<F>[]>;
export async function judgeSecrets(
  session: Session, client: SecretsManagerClient, onPage: (count: number) => void = () => {}, now = new Date(),
  findingsOf: (record: SecretRecord, context: CheckContext) => FindingBrief[] = inventoryFindings,
): Promise<JudgedSecret<FindingBrief>[]> {
  const summary = buildCatalogSummary(session.catalog, session.environment.name);
  const index = indexCatalog(summary);
  const context = checkContext(summary, now);
  const source = secretsManagerSource(client);
  const env = session.environment.name;
  const sharing = session.catalog.environments.filter(
    (e) => e.name !== env && e.account === session.environment.account && (e.region ?? session.config.region) === session.config.region,
  );
  // Only when another catalog environment lives in the same account and region do tags and name
  // prefixes decide which secrets are whose; otherwise everything in the account is the environment's.
  const otherEnvironment = (record: SecretRecord) =>
    sharing.some((e) => record.environment === e.name || (record.environment === null && record.name.startsWith(`${e.name}/`)));
  const judged: JudgedSecret<FindingBrief>[] = [];
  const listPage = (token: string | null): Promise<SecretPage> => {
    // In name order (ListSecrets SortBy name): `list` shows them sorted by name, and its sort has
    // little left to do on a listing already (nearly) in that order.
    const page = callAws('secretsmanager:ListSecrets', `account ${session.caller.account}`, () => source.listPage(null, token, 'asc'));
    page.catch(() => undefined); // awaited below; a failure must not surface as an unhandled rejection meanwhile
    return page;
  };
  let pending: Promise<SecretPage> | null = listPage(null);
  while (pending) {
    const page: SecretPage = await pending;
    // The next page is asked for before this one is judged: the rules run while Secrets Manager answers.
    pending = page.nextToken ? listPage(page.nextToken) : null;
    for (const listing of page.secrets) {
      const record = toRecord(listing, index, NO_FACTS);
      if (otherEnvironment(record)) continue;
      judged.push({ record, findings: findingsOf(record, context), accepted: acceptedFindings([record], context) });
    }
    onPage(judged.length);
  }
  return judged;
}

/** `--fail-on SEVERITY` (any case), or a usage error listing the severities. */
export function parseFailOn(value: string): Severity {
  const severity = value.toUpperCase() as Severity;
  if (!SEVERITIES.includes(severity)) throw usageError(`--fail-on ${value}: not a severity`, `Use one of ${SEVERITIES.map((s) => s.toLowerCase()).join(', ')}.`);
  return severity;
}

const NO_FINDINGS: Readonly<Record<Severity, number>> = Object.freeze(Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>);

export function countBySeverity(findings: readonly Pick<Finding, 'severity'>[]): Record<Severity, number> {
  const counts = { ...NO_FINDINGS };
  for (const f of findings) counts[f.severity] += 1;
  return counts;
}
