import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runbookFor } from '../../../lambdas/shared/checks/runbook';
import { FINDING_TYPES } from '../../../contract/inventory';

const runbooks = readFileSync(new URL('../../../docs/runbooks.md', import.meta.url), 'utf8');

describe('runbook links of inventory findings', () => {
  it.each(FINDING_TYPES)('%s links to an anchor that exists in docs/runbooks.md', (type) => {
    const anchor = runbookFor('inventory', type).split('#')[1]!;

    expect(runbooks).toContain(`<a id="${anchor}"></a>`);
  });

  it('the digest and the scan failure have their sections too', () => {
    expect(runbooks).toContain('<a id="inventory-digest"></a>');
    expect(runbooks).toContain('<a id="inventory-scan-failed"></a>');
  });
});
