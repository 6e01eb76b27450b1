import { elapsedDays } from '../time';
import type { Check } from './types';
import { fail, notApplicable, pass, precondition } from './verdict';

const DAY_MS = 86_400_000;

/**
 * Rotation is on and has happened in time (Security Hub SecretsManager.2): NextRotationDate is not
 * more than the grace days past, and the last rotation is not more than interval + grace days ago
 * (exactly interval + grace is still on time). Elapsed time is counted exactly, not in whole days.
 */
export const rotationOverdue: Check = {
  id: 'rotation-overdue',
  title: 'Rotation happens on schedule',
  judge: (r, { now, settings }) => {
    const skip = precondition(r, false);
    if (skip) return skip;
    const { enabled, intervalDays, lastRotated, nextRotation } = r.rotation;
    const grace = settings.overdueGraceDays;
    if (!enabled) return notApplicable('automatic rotation is off (rotation-enabled judges it)', { lastRotated, nextRotation, intervalDays });
    if (lastRotated == null) return notApplicable('never rotated (rotation-never-succeeded judges it)', { lastRotated, nextRotation, intervalDays, createdDate: r.createdDate });
    const sinceLast = elapsedDays(lastRotated, now);
    const evidence = { lastRotated, nextRotation, intervalDays, graceDays: grace, daysSinceLastRotation: Math.floor(sinceLast) };
    if (nextRotation != null && now.getTime() > Date.parse(nextRotation) + grace * DAY_MS) {
      return fail(`the rotation due on ${nextRotation.slice(0, 10)} has not happened`, evidence);
    }
    if (intervalDays != null && sinceLast > intervalDays + grace) {
      return fail(`last rotated ${Math.floor(sinceLast)} days ago on a ${intervalDays}-day schedule`, evidence);
    }
    return pass('rotating on schedule', evidence);
  },
};
