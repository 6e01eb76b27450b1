import { describe, expect, it } from 'vitest';
import { inventoryCurrent } from '../../../lambdas/compliance/core/controls/inventory-current';
import { daysAgo, facts, inventory, secret } from './facts';

// This control has no not-applicable case: every environment has an inventory scan, so a missing or
// stale report is always a failure (it is what makes the secret controls not applicable).
describe('inventory-current', () => {
  it.each([
    ['an inventory of today', facts(), 'COMPLIANT'],
    ['an inventory 8 days old (boundary)', facts({ inventory: { ...inventory([secret()]), generatedAt: daysAgo(8) } }), 'COMPLIANT'],
    ['an inventory 9 days old', facts({ inventory: { ...inventory([secret()]), generatedAt: daysAgo(9) } }), 'NON_COMPLIANT'],
    ['no inventory', facts({ inventory: null }), 'NON_COMPLIANT'],
    ['an inventory whose generatedAt is not a date', facts({ inventory: { ...inventory([secret()]), generatedAt: 'yesterday' } }), 'NON_COMPLIANT'],
    ['an inventory without generatedAt', facts({ inventory: { ...inventory([secret()]), generatedAt: undefined as unknown as string } }), 'NON_COMPLIANT'],
  ] as const)('%s: %s', (_name, given, status) => {
    const evaluations = inventoryCurrent.evaluate(given);

    expect(evaluations).toHaveLength(1);
    expect(evaluations[0]!.status).toBe(status);
  });
});
