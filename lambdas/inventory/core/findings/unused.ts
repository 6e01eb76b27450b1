import { calendarDaysBetween } from '../../../shared/time';
import { severityFor } from '../severity';
import { isLive, secretFinding, type FindingRule } from './rule';

/**
 * Security Hub SecretsManager.3: not read for more than N days. LastAccessedDate is a date without
 * time (so whole calendar days are compared) and is null for a secret never read; a secret younger
 * than N days is not unused yet. Exactly N days is still in use.
 */
export const unused: FindingRule = {
  type: 'unused',
  evaluate: (r, { now, catalog }) => {
    if (!isLive(r)) return null;
    const limit = catalog.summary.settings.unusedDays;
    if (r.lastAccessed != null) {
      const idle = calendarDaysBetween(r.lastAccessed, now);
      if (idle <= limit) return null;
      return secretFinding('unused', r, severityFor(r.classification, { cap: 'MEDIUM' }), `Not read for ${idle} days`,
        { lastAccessed: r.lastAccessed, daysSinceAccess: idle, unusedDays: limit },
        'Confirm with the owner that nothing reads it, then delete it (DeleteSecret with a recovery window) or remove it from the catalog.');
    }
    if (r.createdDate != null && calendarDaysBetween(r.createdDate, now) <= limit) return null;
    return secretFinding('unused', r, severityFor(r.classification, { cap: 'MEDIUM' }), 'Never read', { lastAccessed: null, createdDate: r.createdDate, unusedDays: limit },
      'Confirm with the owner that nothing reads it, then delete it (DeleteSecret with a recovery window) or remove it from the catalog.');
  },
};
