import { elapsedDays } from '../../../shared/time';
import { severityFor } from '../severity';
import { isLive, secretFinding, type FindingRule } from './rule';

/**
 * Rotation is on but has not happened in time: more than interval + grace days since the last
 * rotation, or NextRotationDate already in the past. Exactly interval + grace days is still on time.
 */
export const rotationOverdue: FindingRule = {
  type: 'rotation-overdue',
  evaluate: (r, { now, catalog }) => {
    if (!isLive(r) || !r.rotation.enabled || r.rotation.lastRotated == null) return null;
    const grace = catalog.summary.settings.overdueGraceDays;
    const sinceLast = elapsedDays(r.rotation.lastRotated, now);
    const interval = r.rotation.intervalDays;
    const pastInterval = interval != null && sinceLast > interval + grace;
    const nextInPast = r.rotation.nextRotation != null && new Date(r.rotation.nextRotation).getTime() < now.getTime();
    if (!pastInterval && !nextInPast) return null;
    return secretFinding('rotation-overdue', r, severityFor(r.classification), 'Rotation is overdue',
      { lastRotated: r.rotation.lastRotated, nextRotation: r.rotation.nextRotation, intervalDays: interval, graceDays: grace, daysSinceLastRotation: Math.floor(sinceLast) },
      'Check the rotation function\'s logs for the failing step, fix it, then RotateSecret to rotate now.');
  },
};
