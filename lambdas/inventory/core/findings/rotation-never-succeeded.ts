import { elapsedDays } from '../../../shared/time';
import { severityFor } from '../severity';
import { isLive, secretFinding, type FindingRule } from './rule';

/** Turning rotation on rotates at once; a day without LastRotatedDate means every attempt failed. */
export const FIRST_ROTATION_GRACE_DAYS = 1;

export const rotationNeverSucceeded: FindingRule = {
  type: 'rotation-never-succeeded',
  evaluate: (r, { now }) => {
    if (!isLive(r) || !r.rotation.enabled || r.rotation.lastRotated != null) return null;
    if (r.createdDate != null && elapsedDays(r.createdDate, now) <= FIRST_ROTATION_GRACE_DAYS) return null;
    return secretFinding('rotation-never-succeeded', r, severityFor(r.classification), 'Rotation is on but never succeeded',
      { createdDate: r.createdDate, rotationLambda: r.rotation.lambdaArn },
      'Read the rotation function\'s log for the first failing step (createSecret/setSecret/testSecret/finishSecret), fix it, then RotateSecret.');
  },
};
