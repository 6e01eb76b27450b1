import type { Check } from './types';
import { fail, notApplicable, pass, precondition } from './verdict';

/**
 * Automatic rotation is on (Security Hub SecretsManager.1), and, when a ceiling is set, its interval
 * is within it. External secrets rotate by hand by their `warden:rotate-by` date, which
 * external-rotation-due watches, so this check does not apply to them.
 */
export const rotationEnabled: Check = {
  id: 'rotation-enabled',
  title: 'Automatic rotation is on',
  judge: (r, { settings }) => {
    const skip = precondition(r, false);
    if (skip) return skip;
    const max = settings.maxRotationIntervalDays;
    const evidence = { rotationEnabled: r.rotation.enabled, intervalDays: r.rotation.intervalDays, kind: r.kind, managed: r.managed, maximumAllowedRotationFrequency: max ?? null };
    if (r.kind === 'external') return notApplicable('external secret: rotated by hand by its rotate-by date (external-rotation-due judges it)', evidence);
    if (!r.rotation.enabled) return fail('automatic rotation is off', evidence);
    if (max !== undefined && r.rotation.intervalDays !== null && r.rotation.intervalDays > max) {
      return fail(`rotation interval ${r.rotation.intervalDays} days exceeds the allowed ${max} days`, evidence);
    }
    return pass('automatic rotation is on', evidence);
  },
};
