import type { PlaintextCredential } from '../../../../contract/inventory';
import type { Control, Evaluation } from '../types';
import { accountResource, compliant, nonCompliant, notApplicable, ref, runbookFor } from './helpers';

/** PCI DSS 8.6.2: credentials of system accounts are not hard-coded in scripts or configuration. */
export const noPlaintextCredentials: Control = {
  id: 'no-plaintext-credentials',
  title: 'No credentials in plaintext in Lambda environments or SSM String parameters',
  severity: 'CRITICAL',
  references: [ref.soc2('CC6.1'), ref.iso('A.5.17'), ref.pci('8.6.2'), ref.gdpr()],
  remediation: 'Move the credential into Secrets Manager (a catalog entry), read it at runtime, remove it from the environment or parameter, then rotate it: it has been exposed.',
  runbook: runbookFor('no-plaintext-credentials'),
  evaluate: (facts): Evaluation[] => {
    const inventory = facts.inventory;
    if (inventory === null) return [notApplicable(accountResource(facts), 'inventory', 'no inventory report was found, so no scan for plaintext credentials exists', { inventory: null })];
    if (inventory.plaintextCredentials.length === 0) {
      return [compliant(accountResource(facts), 'Lambda environments and SSM parameters', 'the inventory found no plaintext credential', { inventoryGeneratedAt: inventory.generatedAt })];
    }
    const byResource = new Map<string, PlaintextCredential[]>();
    for (const credential of inventory.plaintextCredentials) byResource.set(credential.resource, [...(byResource.get(credential.resource) ?? []), credential]);
    // Only where and what kind: the redacted prefix, length and fingerprint stay in the inventory.
    return [...byResource].map(([resource, found]) =>
      nonCompliant(resource, resource.split(':').slice(-1)[0] ?? resource, `${found.length} credential(s) in plaintext`, {
        location: found[0]!.location,
        keys: found.map((c) => c.key).join(','),
        detectors: [...new Set(found.map((c) => c.detector))].join(','),
      }),
    );
  },
};
