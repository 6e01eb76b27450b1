import { elapsedDays } from '../time';
import type { Check } from './types';
import { fail, pass, precondition } from './verdict';

/** The value changed within the allowed number of days (Security Hub SecretsManager.4; PCI DSS 8.3.9 caps it at 90). */
export const rotatedRecently: Check = {
  id: 'rotated-recently',
  title: 'The value changed recently',
  judge: (r, { now, settings }) => {
    const skip = precondition(r, false);
    if (skip) return skip;
    const limit = settings.maxDaysSinceRotation;
    const evidence = { lastRotated: r.rotation.lastRotated, createdDate: r.createdDate, maxDaysSinceRotation: limit };
    // A secret never rotated has held its value since it was created.
    const since = r.rotation.lastRotated ?? r.createdDate;
    if (since == null) return fail('neither a rotation nor a creation date is known', evidence);
    const age = Math.floor(elapsedDays(since, now));
    return age > limit ? fail(`value unchanged for ${age} days (limit ${limit})`, evidence) : pass(`value changed ${age} days ago`, evidence);
  },
};
