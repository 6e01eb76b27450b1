import { calendarDaysBetween } from '../time';
import type { Check } from './types';
import { fail, notApplicable, pass, precondition } from './verdict';

/** An external secret (rotated by hand) is not past, nor within N days (inclusive) of, its `warden:rotate-by` date. */
export const externalRotationDue: Check = {
  id: 'external-rotation-due',
  title: 'A hand-rotated secret is not due',
  judge: (r, { now, settings }) => {
    const skip = precondition(r, false);
    if (skip) return skip;
    if (r.rotateBy == null || Number.isNaN(new Date(r.rotateBy).getTime())) return notApplicable('no rotate-by date', { rotateBy: r.rotateBy });
    const daysLeft = calendarDaysBetween(now, new Date(r.rotateBy));
    const overdue = daysLeft < 0;
    const evidence = { rotateBy: r.rotateBy, daysLeft, status: overdue ? 'overdue' : 'due-soon', owner: r.owner };
    if (daysLeft > settings.externalDueSoonDays) return pass(`due for rotation in ${daysLeft} days`, { ...evidence, status: 'not-due' });
    return fail(overdue ? `external secret overdue for rotation by ${-daysLeft} days` : `external secret due for rotation in ${daysLeft} days`, evidence);
  },
};
