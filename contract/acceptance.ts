// Accepted findings: an `accept:` entry of the catalog says that one finding type (or one control of
// the compliance report) on one secret is a known, owned risk until a date. The loader validates
// the entries (lib/catalog), the summary carries an environment's entries to the functions
// (contract/catalog-summary.ts), and the rulebook applies them once, to the checks both the
// inventory and the compliance report use (lambdas/shared/checks/acceptance.ts).

import { FINDING_TYPES, type FindingType } from './inventory';

/**
 * Finding types an entry may not accept: plaintext-credential (not a catalog secret),
 * not-in-catalog (never raised on one), scan-error (a failed read is not a risk to accept).
 */
const UNACCEPTABLE_FINDING_TYPES = ['plaintext-credential', 'not-in-catalog', 'scan-error'] as const satisfies readonly FindingType[];
type UnacceptableFindingType = (typeof UNACCEPTABLE_FINDING_TYPES)[number];
const UNACCEPTABLE: ReadonlySet<FindingType> = new Set(UNACCEPTABLE_FINDING_TYPES);

/** Finding types an entry may accept: the ones the inventory raises on a secret of the catalog. */
export type AcceptableFindingType = Exclude<FindingType, UnacceptableFindingType>;

/** The acceptable finding types in report order (the catalog schema's `accept[].finding` enum lists the same). */
export const ACCEPTABLE_FINDING_TYPES: readonly AcceptableFindingType[] = FINDING_TYPES.filter((type): type is AcceptableFindingType => !UNACCEPTABLE.has(type));

/** Controls an entry may accept: the compliance report's controls over one secret's facts. */
export const ACCEPTABLE_CONTROL_IDS = [
  'SecretsManager.1',
  'SecretsManager.2',
  'SecretsManager.3',
  'SecretsManager.4',
  'SecretsManager.5',
  'secretsmanager-using-cmk',
  'secret-policy-not-public',
  'secret-policy-no-cross-account',
  'environment-separation',
] as const;

export type AcceptableControlId = (typeof ACCEPTABLE_CONTROL_IDS)[number];

/** One accepted risk on one secret of one environment, as the functions see it. */
export interface Acceptance {
  /** Secrets Manager name, `<env>/<name>`. */
  readonly secret: string;
  /** Exactly one of finding and control is set. */
  readonly finding: AcceptableFindingType | null;
  readonly control: AcceptableControlId | null;
  readonly reason: string;
  /** Who answers for the risk. */
  readonly owner: string;
  /** Last day (YYYY-MM-DD, UTC) the risk is accepted; from the next day it is a finding again. */
  readonly expires: string;
}

/** What a report shows next to an accepted finding or evaluation. */
export type AcceptanceNote = Pick<Acceptance, 'reason' | 'owner' | 'expires'> & { readonly accepts: string };

const DAY_MS = 86_400_000;

/** True while `now` is on or before the expiry date (UTC): the whole of `expires` is still accepted. */
export function acceptanceActive(acceptance: Pick<Acceptance, 'expires'>, now: Date): boolean {
  const end = Date.parse(`${acceptance.expires}T00:00:00Z`) + DAY_MS;
  return Number.isFinite(end) && now.getTime() < end;
}

/** `finding rotation-disabled` or `control SecretsManager.1`: what an entry accepts, in words. */
export function acceptedTarget(acceptance: Pick<Acceptance, 'finding' | 'control'>): string {
  return acceptance.finding !== null ? `finding ${acceptance.finding}` : `control ${acceptance.control}`;
}
