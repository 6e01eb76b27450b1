import type { Check } from './types';
import { fail, pass } from './verdict';

/** Not scheduled for deletion: a scheduled deletion breaks every reader at DeletedDate. */
export const pendingDeletion: Check = {
  id: 'pending-deletion',
  title: 'Not scheduled for deletion',
  judge: (r) =>
    r.deletedDate != null ? fail('scheduled for deletion', { deletedDate: r.deletedDate, managed: r.managed }) : pass('not scheduled for deletion', { deletedDate: null, managed: r.managed }),
};
