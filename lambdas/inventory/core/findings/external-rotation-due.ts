import { calendarDaysBetween } from '../../../shared/time';
import { severityFor } from '../severity';
import { isLive, secretFinding, type FindingRule } from './rule';

/** External secrets rotate by hand; `warden:rotate-by` is the date. Due within N days (inclusive) or past it. */
export const externalRotationDue: FindingRule = {
  type: 'external-rotation-due',
  evaluate: (r, { now, catalog }) => {
    if (!isLive(r) || r.rotateBy == null) return null;
    if (Number.isNaN(new Date(r.rotateBy).getTime())) return null;
    const daysLeft = calendarDaysBetween(now, new Date(r.rotateBy));
    const window = catalog.summary.settings.externalDueSoonDays;
    if (daysLeft > window) return null;
    const overdue = daysLeft < 0;
    return secretFinding('external-rotation-due', r, severityFor(r.classification, overdue ? {} : { cap: 'MEDIUM' }),
      overdue ? `External secret overdue for rotation by ${-daysLeft} days` : `External secret due for rotation in ${daysLeft} days`,
      { rotateBy: r.rotateBy, daysLeft, status: overdue ? 'overdue' : 'due-soon', owner: r.owner },
      'The owner rotates it at the provider, stores the new value (PutSecretValue), and moves `rotateBy` forward in config/secrets.yaml.');
  },
};
