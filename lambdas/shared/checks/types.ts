// The rulebook's vocabulary. A check is a pure function from the facts the inventory holds about
// one secret (a SecretRecord) to a verdict; packs (packs/inventory.ts, packs/compliance.ts) turn
// verdicts into findings or control evaluations. Checks know nothing of severities, frameworks or
// runbooks, and read no clock, client or environment variable: everything comes in the context.

import type { SecretRecord } from '../../../contract/inventory';

/**
 * `pass`: the secret meets the check. `fail`: it does not; `reason` says how. `not-applicable`:
 * the check has nothing to judge (deleted secret, rotation off for a rotation-health check, ...).
 * A layer on top (accepted findings, issue 11) may turn a `fail` into another status such as
 * `accepted` by wrapping a check's judge(); packs only act on `fail`, so any added status is, for
 * them, "no finding".
 */
export type VerdictStatus = 'pass' | 'fail' | 'not-applicable';

/** Identifiers, dates and counts only: never a value. */
export type Evidence = Readonly<Record<string, string | number | boolean | null>>;

export interface Verdict {
  readonly status: VerdictStatus;
  /** One sentence, lower case, saying why (packs capitalise it where a title needs it). */
  readonly reason: string;
  readonly evidence: Evidence;
}

export type CheckId =
  | 'rotation-enabled'
  | 'rotation-never-succeeded'
  | 'rotation-overdue'
  | 'rotated-recently'
  | 'unused'
  | 'customer-managed-key'
  | 'required-tags'
  | 'policy-not-public'
  | 'policy-no-cross-account'
  | 'other-environment-access'
  | 'pending-deletion'
  | 'external-rotation-due'
  | 'not-in-catalog'
  | 'scan-error';

/** Thresholds from the catalog (`inventory:` settings) and the compliance baseline. */
export interface CheckSettings {
  /** Not read for more than this many days is unused. */
  readonly unusedDays: number;
  /** Days past the rotation interval (or past NextRotationDate) before rotation is overdue. */
  readonly overdueGraceDays: number;
  /** An external secret due within this many days is reported. */
  readonly externalDueSoonDays: number;
  /** A value older than this many days fails rotated-recently (Security Hub SecretsManager.4's default 90). */
  readonly maxDaysSinceRotation: number;
  /** Optional ceiling on the rotation interval (SecretsManager.1's maximumAllowedRotationFrequency). */
  readonly maxRotationIntervalDays?: number;
}

export interface CheckContext {
  readonly now: Date;
  /** The environment being judged and every environment of the catalog. */
  readonly environment: string;
  readonly environments: readonly string[];
  readonly settings: CheckSettings;
}

export interface Check {
  readonly id: CheckId;
  /** What a pass means, in one line. */
  readonly title: string;
  judge(record: SecretRecord, context: CheckContext): Verdict;
}
