import type { Check } from './types';
import { fail, pass, precondition } from './verdict';

/** Encrypted with a customer managed key (AWS Config secretsmanager-using-cmk): the AWS managed key cannot be shared nor have its policy scoped. */
export const customerManagedKey: Check = {
  id: 'customer-managed-key',
  title: 'Encrypted with a customer managed KMS key',
  judge: (r) => {
    const skip = precondition(r, false);
    if (skip) return skip;
    const evidence = { kmsKeyId: r.kms.keyId, customerManaged: r.kms.customerManaged };
    return r.kms.customerManaged ? pass('encrypted with a customer managed key', evidence) : fail('encrypted with the AWS managed key aws/secretsmanager', evidence);
  },
};
