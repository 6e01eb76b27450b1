import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REGRESSION_RUNBOOK } from '../../../lambdas/compliance/core/alert';
import { CONTROLS } from '../../../lambdas/compliance/core/controls/index';

const runbooks = readFileSync(new URL('../../../docs/runbooks.md', import.meta.url), 'utf8');
const anchors = new Set([...runbooks.matchAll(/<a id="([^"]+)"><\/a>/g)].map((m) => m[1]));

describe('runbook links of the compliance report', () => {
  it.each([...CONTROLS.map((c) => [c.id, c.runbook]), ['regression alert', REGRESSION_RUNBOOK]])('%s links to an anchor that exists in docs/runbooks.md', (_id, link) => {
    const [file, anchor] = link.split('#');

    expect(file).toBe('docs/runbooks.md');
    expect(anchors.has(anchor!)).toBe(true);
  });

  it('gives every control its own anchor', () => {
    expect(new Set(CONTROLS.map((c) => c.runbook)).size).toBe(CONTROLS.length);
  });
});
