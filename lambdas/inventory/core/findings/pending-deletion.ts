import { severityFor } from '../severity';
import { secretFinding, type FindingRule } from './rule';

/** A scheduled deletion breaks every reader at DeletedDate; for a catalog secret it is almost always a mistake. */
export const pendingDeletion: FindingRule = {
  type: 'pending-deletion',
  evaluate: (r) =>
    r.deletedDate != null
      ? secretFinding('pending-deletion', r, r.managed ? severityFor(r.classification, { floor: 'HIGH' }) : severityFor(r.classification, { cap: 'LOW' }),
          'Scheduled for deletion', { deletedDate: r.deletedDate, managed: r.managed },
          r.managed
            ? 'The catalog still declares this secret: RestoreSecret now, then find who deleted it (CloudTrail DeleteSecret).'
            : 'If something still reads it, RestoreSecret before the deletion date; otherwise nothing to do.')
      : null,
};
