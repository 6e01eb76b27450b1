// Verdict builders and the preconditions most checks share.

import type { SecretRecord } from '../../../contract/inventory';
import type { Evidence, Verdict } from './types';

const NO_EVIDENCE: Evidence = Object.freeze({});

export const pass = (reason: string, evidence: Evidence = NO_EVIDENCE): Verdict => ({ status: 'pass', reason, evidence });
export const fail = (reason: string, evidence: Evidence = NO_EVIDENCE): Verdict => ({ status: 'fail', reason, evidence });
export const notApplicable = (reason: string, evidence: Evidence = NO_EVIDENCE): Verdict => ({ status: 'not-applicable', reason, evidence });

const SCHEDULED_FOR_DELETION = 'the secret is scheduled for deletion and can no longer be used (pending-deletion judges it)';
const DETAILS_UNREAD = 'the inventory could not read this secret\'s details, so it was not judged (scan-error reports it)';

/**
 * The verdict every check but pending-deletion and scan-error gives a secret scheduled for deletion,
 * and, for checks that need the per-secret reads (`needsDetails`: the resource policy), a secret the
 * scan could not read; null when the check should judge the record. Facts from ListSecrets
 * (rotation, dates, key, tags) are there even when the per-secret reads failed.
 */
export function precondition(record: SecretRecord, needsDetails: boolean): Verdict | null {
  if (record.deletedDate != null) return notApplicable(SCHEDULED_FOR_DELETION, { deletedDate: record.deletedDate });
  if (needsDetails && record.error != null) return notApplicable(DETAILS_UNREAD, { scanError: true });
  return null;
}
