// Accepted findings (the catalog's `accept:` entries, contract/acceptance.ts), applied once, to the
// checks: a failing verdict of an accepted check on an accepted secret becomes `accepted` while the
// entry holds, and is a failure again (noting the expiry) from the day after it expires. Both packs
// judge through judgeCheck(), so the inventory and the compliance report cannot disagree on it.

import { acceptanceActive, acceptedTarget, type Acceptance } from '../../../contract/acceptance';
import type { SecretRecord } from '../../../contract/inventory';
import type { AcceptanceIndex, Check, CheckContext, CheckId, Verdict } from './types';

/**
 * Secret name -> check -> the entry accepting it. `checksOf` says which checks an entry accepts
 * (the packs know: a finding type's check, a control's checks). Of two entries for one check the
 * one that expires last wins.
 */
export function indexAcceptances(acceptances: readonly Acceptance[], checksOf: (acceptance: Acceptance) => readonly CheckId[]): AcceptanceIndex {
  const index = new Map<string, Map<CheckId, Acceptance>>();
  for (const acceptance of acceptances) {
    const bySecret = index.get(acceptance.secret) ?? new Map<CheckId, Acceptance>();
    for (const check of checksOf(acceptance)) {
      const held = bySecret.get(check);
      if (!held || held.expires < acceptance.expires) bySecret.set(check, acceptance);
    }
    index.set(acceptance.secret, bySecret);
  }
  return index;
}

/** The check's verdict, with the catalog's acceptance applied. */
export function judgeCheck(check: Check, record: SecretRecord, context: CheckContext): Verdict {
  const verdict = check.judge(record, context);
  if (verdict.status !== 'fail') return verdict;
  const acceptance = context.acceptances?.get(record.name)?.get(check.id);
  if (!acceptance) return verdict;
  if (!acceptanceActive(acceptance, context.now)) {
    return { ...verdict, evidence: { ...verdict.evidence, acceptanceExpired: acceptance.expires, acceptanceOwner: acceptance.owner } };
  }
  return {
    status: 'accepted',
    reason: verdict.reason,
    evidence: verdict.evidence,
    acceptance: { accepts: acceptedTarget(acceptance), reason: acceptance.reason, owner: acceptance.owner, expires: acceptance.expires },
  };
}

/** True when some entry names this secret: only those records need judging for accepted findings. */
export function hasAcceptances(record: Pick<SecretRecord, 'name'>, context: CheckContext): boolean {
  return context.acceptances?.has(record.name) ?? false;
}
