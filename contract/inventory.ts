// The inventory's output contract: one compact record per secret and a list of findings. The
// inventory writes it, the compliance report and the CLI read it, the checks (lambdas/shared/checks) judge it.
// The compliance report reads the records from `inventory/latest.facts.ndjson` (one per line, see
// lambdas/inventory/report/facts.ts), or from `inventory/latest.json` when that file is absent; keep the JSON schema
// (`lambdas/inventory/inventory.schema.json`) in step with this file.

import type { AcceptanceNote } from './acceptance';
import type { Classification, SecretKind } from './catalog';

export const INVENTORY_SCHEMA_VERSION = '1.0';

export type Severity = 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW' | 'INFORMATIONAL';

export interface PolicyFacts {
  /** Some statement allows `*` (or an anonymous principal) without a narrowing condition. */
  readonly public: boolean;
  /** Principals of another AWS account are allowed. */
  readonly crossAccount: boolean;
  readonly crossAccountPrincipals: readonly string[];
  /** Allowed principals that the catalog lists as readers of another environment. */
  readonly otherEnvironmentPrincipals: readonly string[];
}

export interface SecretRecord {
  readonly arn: string;
  readonly name: string;
  /** From the `warden:environment` tag; null when the tag is missing. */
  readonly environment: string | null;
  readonly classification: Classification | null;
  readonly owner: string | null;
  readonly kind: SecretKind | null;
  /** The catalog declares this secret (`<env>/<name>` in the scanned environment). */
  readonly managed: boolean;
  readonly createdDate: string | null;
  readonly rotation: {
    readonly enabled: boolean;
    readonly intervalDays: number | null;
    readonly lastRotated: string | null;
    readonly nextRotation: string | null;
    readonly lambdaArn: string | null;
  };
  /** ISO date; Secrets Manager gives a date without time, null when never read. */
  readonly lastAccessed: string | null;
  readonly kms: { readonly keyId: string | null; readonly customerManaged: boolean };
  readonly policy: PolicyFacts | null;
  readonly replicas: readonly { readonly region: string; readonly status: string }[];
  /** ISO timestamp of planned deletion; null when not scheduled. */
  readonly deletedDate: string | null;
  /** External secrets: the `warden:rotate-by` date. */
  readonly rotateBy: string | null;
  /** The per-secret calls failed; the record holds only what ListSecrets gave. */
  readonly error: string | null;
  /**
   * When the resource policy was last read (ISO). GetResourcePolicy is limited to 50 requests per
   * second per region, so facts of a secret unchanged since are carried from the previous report.
   */
  readonly policyCheckedAt?: string | null;
  /** Which of `warden:environment`, `warden:classification`, `warden:owner` the secret lacks as tags. */
  readonly missingTags?: readonly string[];
}

/**
 * Every finding type, in report order: the one list the type, the acceptable types
 * (acceptance.ts) and the per-type metrics (lambdas/inventory/report/metrics.ts) come from. Keep
 * `findingType` in inventory.schema.json in step (a test compares them).
 */
export const FINDING_TYPES = [
  'rotation-disabled',
  'rotation-overdue',
  'rotation-never-succeeded',
  'unused',
  'default-kms-key',
  'missing-tag',
  'public-policy',
  'cross-account-policy',
  'other-environment-access',
  'pending-deletion',
  'external-rotation-due',
  'plaintext-credential',
  'not-in-catalog',
  'scan-error',
] as const;

export type FindingType = (typeof FINDING_TYPES)[number];

export interface Finding {
  /** Stable across runs for the same problem on the same resource: `<type>:<resource>`. */
  readonly id: string;
  readonly type: FindingType;
  readonly severity: Severity;
  /** Secret ARN, or the Lambda function / SSM parameter ARN for plaintext credentials. */
  readonly resource: string;
  readonly title: string;
  /** Facts that justify the finding; never a secret value. */
  readonly evidence: Record<string, string | number | boolean | null>;
  readonly remediation: string;
  /** `docs/runbooks.md#...` anchor. */
  readonly runbook: string;
}

/**
 * A finding the catalog accepts (`accept:`, contract/acceptance.ts) until its expiry: listed in the
 * report with the acceptance, never counted as open, alerted or in `findings`.
 */
export interface AcceptedFinding extends Finding {
  readonly acceptance: AcceptanceNote;
}

/** A credential seen in plaintext, redacted: never the value. */
export interface PlaintextCredential {
  readonly location: 'lambda-environment' | 'ssm-parameter';
  readonly resource: string;
  readonly key: string;
  readonly detector: string;
  /** First 4 characters at most, then an ellipsis. */
  readonly prefix: string;
  readonly length: number;
  /** First 16 hex characters of the SHA-256 of the value. */
  readonly fingerprint: string;
}

export interface InventoryReport {
  readonly schemaVersion: typeof INVENTORY_SCHEMA_VERSION;
  readonly environment: string;
  readonly account: string | null;
  readonly region: string;
  readonly generatedAt: string;
  readonly summary: {
    readonly secrets: number;
    readonly failedSecrets: number;
    readonly findingsBySeverity: Readonly<Record<Severity, number>>;
    readonly findingsByType: Readonly<Partial<Record<FindingType, number>>>;
  };
  readonly secrets: readonly SecretRecord[];
  readonly plaintextCredentials: readonly PlaintextCredential[];
  readonly findings: readonly Finding[];
  /** Findings the catalog accepts until their expiry (absent in reports written before accept entries existed). */
  readonly accepted?: readonly AcceptedFinding[];
  /** Ids of findings first seen in this run (not in the previous report). */
  readonly newFindingIds: readonly string[];
  /** Finding id -> ISO timestamp it was first seen, carried from report to report. */
  readonly firstSeen: Readonly<Record<string, string>>;
  /** Finding id -> ISO timestamp of the last SNS digest that named it (realert bookkeeping). */
  readonly alertedAt?: Readonly<Record<string, string>>;
  /** How the scan went: calls, throttling, duration. */
  readonly scan?: ScanStatistics;
}

interface ScanStatistics {
  readonly durationMs: number;
  readonly listSecretsCalls: number;
  /** Name-prefix partitions listed in parallel (see lambdas/inventory/scan/listing.ts). */
  readonly partitions: number;
  readonly policyCalls: number;
  /** Policies carried from the previous report because the secret had not changed since. */
  readonly policiesCarried: number;
  /** Policies left unread because the time budget ran out; read first next run. */
  readonly policiesDeferred: number;
  readonly throttled: number;
}
