import { daysUntilRotateBy } from './external-rotation-due';
import type { Check } from './types';
import { fail, notApplicable, pass, precondition } from './verdict';

/**
 * Automatic rotation is on (Security Hub SecretsManager.1), and, when a ceiling is set, its interval
 * is within it. An external secret is rotated by hand by its `warden:rotate-by` date: it passes
 * while that date has not passed and fails after it (the inventory reports that failure as
 * external-rotation-due, overdue; see packs/inventory.ts); without a date there is nothing to judge.
 */
export const rotationEnabled: Check = {
  id: 'rotation-enabled',
  title: 'Automatic rotation is on',
  judge: (r, { now, settings }) => {
    const skip = precondition(r, false);
    if (skip) return skip;
    const max = settings.maxRotationIntervalDays;
    const evidence = { rotationEnabled: r.rotation.enabled, intervalDays: r.rotation.intervalDays, kind: r.kind, managed: r.managed, maximumAllowedRotationFrequency: max ?? null };
    if (r.kind === 'external') {
      const daysLeft = daysUntilRotateBy(r, now);
      const external = { ...evidence, rotateBy: r.rotateBy, daysLeft };
      if (daysLeft === null) return notApplicable('external secret without a rotate-by date: nothing says when it is rotated by hand (external-rotation-due judges it)', external);
      if (daysLeft < 0) return fail(`external secret not rotated by its rotate-by date ${r.rotateBy} (${-daysLeft} days ago)`, external);
      return pass(`external secret, rotated by hand by its rotate-by date ${r.rotateBy} (${daysLeft} days left)`, external);
    }
    if (!r.rotation.enabled) return fail('automatic rotation is off', evidence);
    if (max !== undefined && r.rotation.intervalDays !== null && r.rotation.intervalDays > max) {
      return fail(`rotation interval ${r.rotation.intervalDays} days exceeds the allowed ${max} days`, evidence);
    }
    return pass('automatic rotation is on', evidence);
  },
};
