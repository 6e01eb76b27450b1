import type { SecretRecord } from '../../../contract/inventory';
import { calendarDaysBetween } from '../time';
import type { Check } from './types';
import { fail, notApplicable, pass, precondition } from './verdict';

/**
 * Calendar days from `now` to the record's `warden:rotate-by` date (negative once it has passed; 0 on
 * the day itself, which still counts as in time); null without a readable date. The one reading of
 * the date: external-rotation-due (due soon, overdue) and rotation-enabled (SecretsManager.1 passes
 * an external secret until its date) both use it, so they cannot disagree about "overdue".
 */
export function daysUntilRotateBy(r: Pick<SecretRecord, 'rotateBy'>, now: Date): number | null {
  if (r.rotateBy == null || Number.isNaN(new Date(r.rotateBy).getTime())) return null;
  return calendarDaysBetween(now, new Date(r.rotateBy));
}

/** An external secret (rotated by hand) is not past, nor within N days (inclusive) of, its `warden:rotate-by` date. */
export const externalRotationDue: Check = {
  id: 'external-rotation-due',
  title: 'A hand-rotated secret is not due',
  judge: (r, { now, settings }) => {
    const skip = precondition(r, false);
    if (skip) return skip;
    const daysLeft = daysUntilRotateBy(r, now);
    if (daysLeft === null) return notApplicable('no rotate-by date', { rotateBy: r.rotateBy });
    const overdue = daysLeft < 0;
    const evidence = { rotateBy: r.rotateBy, daysLeft, status: overdue ? 'overdue' : 'due-soon', owner: r.owner };
    if (daysLeft > settings.externalDueSoonDays) return pass(`due for rotation in ${daysLeft} days`, { ...evidence, status: 'not-due' });
    return fail(overdue ? `external secret overdue for rotation by ${-daysLeft} days` : `external secret due for rotation in ${daysLeft} days`, evidence);
  },
};
