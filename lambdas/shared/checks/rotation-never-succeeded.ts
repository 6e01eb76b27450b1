import { elapsedDays } from '../time';
import type { Check } from './types';
import { fail, notApplicable, pass, precondition } from './verdict';

/** Turning rotation on rotates at once; a day (24 hours, counted exactly) without LastRotatedDate means every attempt failed. */
const FIRST_ROTATION_GRACE_DAYS = 1;

export const rotationNeverSucceeded: Check = {
  id: 'rotation-never-succeeded',
  title: 'Rotation has succeeded at least once',
  judge: (r, { now }) => {
    const skip = precondition(r, false);
    if (skip) return skip;
    const evidence = { createdDate: r.createdDate, lastRotated: r.rotation.lastRotated, rotationLambda: r.rotation.lambdaArn };
    if (!r.rotation.enabled) return notApplicable('automatic rotation is off (rotation-enabled judges it)', evidence);
    if (r.rotation.lastRotated != null) return pass('rotation has succeeded', evidence);
    if (r.createdDate != null && elapsedDays(r.createdDate, now) <= FIRST_ROTATION_GRACE_DAYS) {
      return pass('created within the last day; the first rotation is still due', evidence);
    }
    return fail('rotation is on but has never succeeded', evidence);
  },
};
