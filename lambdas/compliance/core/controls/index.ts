import type { Control } from '../types';
import { cisMonitoringControls } from './cis-monitoring';
import { multiRegionTrail, trailEncrypted, trailLogValidation } from './cloudtrail-controls';
import { environmentSeparation } from './environment-separation';
import { secretControl } from './secret-controls';
import { COMPLIANCE_PACK } from '../../../shared/checks';
import { inventoryCurrent } from './inventory-current';
import { noPlaintextCredentials } from './no-plaintext-credentials';
import { readsByCatalogReaders } from './reads-by-catalog-readers';

/** Every control the report evaluates, in the order the report lists them. */
export const CONTROLS: readonly Control[] = [
  ...COMPLIANCE_PACK.map((entry) => (entry.id === environmentSeparation.id ? environmentSeparation : secretControl(entry))),
  readsByCatalogReaders,
  noPlaintextCredentials,
  inventoryCurrent,
  multiRegionTrail,
  trailEncrypted,
  trailLogValidation,
  ...cisMonitoringControls,
];
