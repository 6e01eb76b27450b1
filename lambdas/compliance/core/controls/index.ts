import type { Control } from '../types';
import { cisMonitoringControls } from './cis-monitoring';
import { multiRegionTrail, trailEncrypted, trailLogValidation } from './cloudtrail-controls';
import { customerManagedKey } from './customer-managed-key';
import { environmentSeparation } from './environment-separation';
import { inventoryCurrent } from './inventory-current';
import { noPlaintextCredentials } from './no-plaintext-credentials';
import { policyNoCrossAccount } from './policy-no-cross-account';
import { policyNotPublic } from './policy-not-public';
import { readsByCatalogReaders } from './reads-by-catalog-readers';
import { requiredTags } from './required-tags';
import { rotatedRecently } from './rotated-recently';
import { rotationEnabled } from './rotation-enabled';
import { rotationSucceeding } from './rotation-succeeding';
import { unusedSecret } from './unused-secret';

/** Every control the report evaluates, in the order the report lists them. */
export const CONTROLS: readonly Control[] = [
  rotationEnabled,
  rotationSucceeding,
  unusedSecret,
  rotatedRecently,
  requiredTags,
  customerManagedKey,
  policyNotPublic,
  policyNoCrossAccount,
  environmentSeparation,
  readsByCatalogReaders,
  noPlaintextCredentials,
  inventoryCurrent,
  multiRegionTrail,
  trailEncrypted,
  trailLogValidation,
  ...cisMonitoringControls,
];
