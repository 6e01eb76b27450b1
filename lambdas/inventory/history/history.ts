// What is new since the previous report, how long each finding has been open, and which ones the
// SNS digest names: new findings, and critical ones open for N days or more, at most once every
// N days each (no daily repeat of the same list).

import type { Finding, FindingType, InventoryReport, PolicyFacts, SecretRecord, Severity } from '../../../contract/inventory';
import { Interner } from '../../shared/interner';
import { elapsedDays } from '../../shared/time';

/**
 * The previous run as a JSON document: the legacy `inventory/state.json` or `latest.json` (and what
 * unit tests build). The current `state.json` is read line by line instead (see `PreviousState`, history/state-file.ts).
 */
export type PreviousReport = Pick<InventoryReport, 'generatedAt' | 'firstSeen'> & {
  /** Open findings; when absent, the keys of `firstSeen` (which holds exactly the open findings). */
  readonly findings?: readonly Pick<Finding, 'id'>[];
  readonly alertedAt?: Readonly<Record<string, string>>;
  readonly secrets?: readonly Pick<SecretRecord, 'arn' | 'policy' | 'replicas' | 'policyCheckedAt'>[];
};

/** A finding that was open in the previous run: since when, and when the digest last named it. */
export type OpenFinding = readonly [firstSeen: string, alertedAt: string | null];

interface PreviousSecret {
  readonly policy: PolicyFacts | null;
  readonly replicas: readonly { region: string; status: string }[];
  readonly policyCheckedAt: string | null;
  /** Finding type -> open finding, for the findings of this secret open in the previous run. */
  readonly open: Readonly<Partial<Record<FindingType, OpenFinding>>> | null;
}

/**
 * The previous run in compact form, keyed by secret ARN (finding ids of secrets are
 * `<type>:<arn>`, so a million ids need not be held as strings). Findings on other resources
 * (plaintext credentials) and ids that do not parse stay keyed by id in `other`.
 */
export interface PreviousState {
  readonly generatedAt: string;
  readonly secrets: ReadonlyMap<string, PreviousSecret>;
  readonly other: ReadonlyMap<string, OpenFinding>;
}

export interface History {
  readonly newFindingIds: readonly string[];
  readonly firstSeen: Readonly<Record<string, string>>;
  readonly alertedAt: Readonly<Record<string, string>>;
  /** Findings to put in this run's digest. */
  readonly toAlert: readonly Finding[];
  /** Of `toAlert`, the critical findings named again because they are still open. */
  readonly reminders: readonly Finding[];
}

export interface Verdict {
  readonly firstSeen: string;
  /** When the digest last named it (this run when `alert`); undefined when never. */
  readonly alertedAt: string | undefined;
  readonly isNew: boolean;
  readonly alert: boolean;
  readonly reminder: boolean;
}

/** The rule for one finding, given what the previous run knew of it (undefined: it was not open). */
export function judge(severity: Severity, was: OpenFinding | undefined, now: Date, nowIso: string, criticalRealertDays: number): Verdict {
  if (was === undefined) {
    // Informational findings are counted in the digest, never listed one by one.
    const alert = severity !== 'INFORMATIONAL';
    return { firstSeen: nowIso, alertedAt: alert ? nowIso : undefined, isNew: true, alert, reminder: false };
  }
  const [since, lastAlert] = was;
  if (
    severity === 'CRITICAL' &&
    elapsedDays(since, now) >= criticalRealertDays &&
    (lastAlert === null || elapsedDays(lastAlert, now) >= criticalRealertDays)
  ) {
    return { firstSeen: since, alertedAt: nowIso, isNew: false, alert: true, reminder: true };
  }
  return { firstSeen: since, alertedAt: lastAlert ?? undefined, isNew: false, alert: false, reminder: false };
}

const SECRET_ARN = /^([a-z-]+):(arn:[^:]+:secretsmanager:.*)$/;

/** Splits `<type>:<secret arn>`; null for any other id (plaintext credentials, foreign ids). */
function splitSecretFindingId(id: string): { type: FindingType; arn: string } | null {
  const match = SECRET_ARN.exec(id);
  return match && match[1] !== 'plaintext-credential' ? { type: match[1] as FindingType, arn: match[2]! } : null;
}

/** Builds `PreviousState` from records read one at a time (state.json lines, or a legacy document). */
export class PreviousStateBuilder {
  private readonly secrets = new Map<string, PreviousSecret>();
  private readonly open = new Map<string, Partial<Record<FindingType, OpenFinding>>>();
  private readonly other = new Map<string, OpenFinding>();
  private readonly strings = new Interner<string>();
  private readonly policies = new Interner<PolicyFacts | null>();
  private readonly replicaLists = new Interner<readonly { region: string; status: string }[]>();
  constructor(private readonly generatedAt: string) {}

  private date(value: string): string;
  private date(value: string | null | undefined): string | null;
  private date(value: string | null | undefined): string | null {
    return value == null ? null : this.strings.intern(value, value);
  }

  facts(arn: string, policy: PolicyFacts | null, replicas: readonly { region: string; status: string }[], policyCheckedAt: string | null): void {
    const previous = this.secrets.get(arn);
    this.secrets.set(arn, {
      policy: this.policies.intern(JSON.stringify(policy), policy),
      replicas: this.replicaLists.intern(JSON.stringify(replicas), replicas),
      policyCheckedAt: this.date(policyCheckedAt),
      open: previous?.open ?? null,
    });
  }

  finding(id: string, firstSeen: string, alertedAt: string | null): void {
    const open: OpenFinding = [this.date(firstSeen), this.date(alertedAt)];
    const secret = splitSecretFindingId(id);
    if (!secret) {
      this.other.set(id, open);
      return;
    }
    const byType = this.open.get(secret.arn) ?? {};
    byType[secret.type] = open;
    if (!this.open.has(secret.arn)) this.open.set(secret.arn, byType);
  }

  build(): PreviousState {
    for (const [arn, byType] of this.open) {
      const facts = this.secrets.get(arn);
      this.secrets.set(arn, { policy: facts?.policy ?? null, replicas: facts?.replicas ?? [], policyCheckedAt: facts?.policyCheckedAt ?? null, open: byType });
    }
    this.open.clear();
    return { generatedAt: this.generatedAt, secrets: this.secrets, other: this.other };
  }
}

/** A legacy document (`state.json`, `latest.json`, tests) in compact form. */
export function previousStateOf(previous: PreviousReport | null): PreviousState | null {
  if (!previous) return null;
  const builder = new PreviousStateBuilder(previous.generatedAt);
  for (const s of previous.secrets ?? []) if (s.policyCheckedAt) builder.facts(s.arn, s.policy, s.replicas, s.policyCheckedAt);
  const ids = previous.findings ? previous.findings.map((f) => f.id) : Object.keys(previous.firstSeen ?? {});
  for (const id of ids) builder.finding(id, previous.firstSeen?.[id] ?? previous.generatedAt, previous.alertedAt?.[id] ?? null);
  return builder.build();
}

/** The previous run in compact form, whichever of the two shapes it comes in. */
export function asPreviousState(previous: PreviousReport | PreviousState | null): PreviousState | null {
  return previous && 'other' in previous ? previous : previousStateOf(previous);
}

/** The previous state of one finding id. */
function wasOpen(previous: PreviousState | null, id: string): OpenFinding | undefined {
  if (!previous) return undefined;
  const secret = splitSecretFindingId(id);
  return secret ? previous.secrets.get(secret.arn)?.open?.[secret.type] : previous.other.get(id);
}

/** The comparison over findings held in memory (small lists; the scan uses `judge` per secret). */
export function compareWithPrevious(
  findings: readonly Finding[],
  previousReport: PreviousReport | PreviousState | null,
  now: Date,
  criticalRealertDays: number,
): History & { readonly toAlert: Finding[]; readonly reminders: Finding[]; readonly newFindingIds: string[] } {
  const previous = asPreviousState(previousReport);
  const nowIso = now.toISOString();
  const newFindingIds: string[] = [];
  const firstSeen: Record<string, string> = {};
  const alertedAt: Record<string, string> = {};
  const toAlert: Finding[] = [];
  const reminders: Finding[] = [];
  for (const finding of findings) {
    const verdict = judge(finding.severity, wasOpen(previous, finding.id), now, nowIso, criticalRealertDays);
    firstSeen[finding.id] = verdict.firstSeen;
    if (verdict.alertedAt !== undefined) alertedAt[finding.id] = verdict.alertedAt;
    if (verdict.isNew) newFindingIds.push(finding.id);
    if (verdict.alert) toAlert.push(finding);
    if (verdict.reminder) reminders.push(finding);
  }
  return { newFindingIds, firstSeen, alertedAt, toAlert, reminders };
}
