import { calendarDaysBetween } from '../time';
import type { Check } from './types';
import { fail, pass, precondition } from './verdict';

/**
 * Read within the last N days (Security Hub SecretsManager.3). LastAccessedDate is a date without
 * time, so whole UTC calendar days are compared (exactly N days is still in use); a secret never
 * read is unused once it is older than N days, or when its creation date is unknown.
 */
export const unused: Check = {
  id: 'unused',
  title: 'The secret is read',
  judge: (r, { now, settings }) => {
    const skip = precondition(r, false);
    if (skip) return skip;
    const limit = settings.unusedDays;
    if (r.lastAccessed != null) {
      const idle = calendarDaysBetween(r.lastAccessed, now);
      const evidence = { lastAccessed: r.lastAccessed, daysSinceAccess: idle, unusedDays: limit };
      return idle > limit ? fail(`not read for ${idle} days`, evidence) : pass(`read ${idle} days ago`, evidence);
    }
    const evidence = { lastAccessed: null, createdDate: r.createdDate, unusedDays: limit };
    if (r.createdDate != null) {
      const age = calendarDaysBetween(r.createdDate, now);
      if (age <= limit) return pass(`never read, but created only ${age} days ago`, evidence);
    }
    return fail(`never read, and older than ${limit} days`, evidence);
  },
};
