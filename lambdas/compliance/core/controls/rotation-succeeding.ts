import type { Control } from '../types';
import { DAY_MS, compliant, daysSince, evaluateSecrets, nonCompliant, notApplicable, ref, runbookFor } from './helpers';

/** Slack for the rotation window: Secrets Manager may rotate any time within the window that follows the due date. */
const WINDOW_DAYS = 1;

/** Security Hub SecretsManager.2: rotation that is on but failing looks safe on paper and is not. */
export const rotationSucceeding: Control = {
  id: 'SecretsManager.2',
  title: 'Secrets Manager secrets configured with automatic rotation should rotate successfully',
  severity: 'MEDIUM',
  references: [ref.securityHub('SecretsManager.2'), ref.config('secretsmanager-scheduled-rotation-success-check'), ref.soc2('CC6.1'), ref.iso('A.5.17'), ref.pci('8.6.3')],
  remediation: 'Find the failing rotation step in the rotation function\'s logs, fix the cause, then rotate the secret now.',
  runbook: runbookFor('SecretsManager.2'),
  evaluate: (facts) =>
    evaluateSecrets(facts, (s) => {
      const { enabled, intervalDays, lastRotated, nextRotation } = s.rotation;
      const evidence = { lastRotated, nextRotation, intervalDays, createdDate: s.createdDate };
      if (!enabled) return notApplicable(s.arn, s.name, 'automatic rotation is off (SecretsManager.1 reports it)', evidence);
      if (nextRotation !== null && facts.now.getTime() > Date.parse(nextRotation) + WINDOW_DAYS * DAY_MS) {
        return nonCompliant(s.arn, s.name, `the rotation due on ${nextRotation.slice(0, 10)} has not happened`, evidence);
      }
      if (lastRotated === null) {
        // Enabling rotation rotates immediately by default, so a day without a success means it failed.
        if (s.createdDate === null || daysSince(s.createdDate, facts.now) > WINDOW_DAYS) {
          return nonCompliant(s.arn, s.name, 'rotation is on but has never succeeded', evidence);
        }
        return compliant(s.arn, s.name, 'created within the last day; the first rotation is still due', evidence);
      }
      const age = daysSince(lastRotated, facts.now);
      if (intervalDays !== null && age > intervalDays + WINDOW_DAYS) {
        return nonCompliant(s.arn, s.name, `last rotated ${age} days ago on a ${intervalDays}-day schedule`, evidence);
      }
      return compliant(s.arn, s.name, 'rotating on schedule', evidence);
    }),
};
