import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CIS_METRIC_FILTERS } from '../../../contract/cis-patterns';
import { cisRunbookAnchor, RUNBOOK_ANCHOR, runbookLink } from '../../../lib/audit/runbook';

const runbook = readFileSync(fileURLToPath(new URL('../../../docs/runbooks.md', import.meta.url)), 'utf8');
const anchors = [...Object.values(RUNBOOK_ANCHOR), ...CIS_METRIC_FILTERS.map((f) => cisRunbookAnchor(f.control))];

/** The text of a section: from its anchor to the next anchor or level-2 heading. */
function section(anchor: string): string {
  const start = runbook.indexOf(`<a id="${anchor}"></a>`);
  const rest = runbook.slice(start + 1);
  const end = rest.search(/<a id="|\n## /);
  return end === -1 ? rest : rest.slice(0, end);
}

describe('docs/runbooks.md', () => {
  it.each(anchors)('has a section #%s saying what it means, first checks, the fix and how to roll back', (anchor) => {
    expect(runbook).toContain(`<a id="${anchor}"></a>`);
    const text = section(anchor);

    for (const part of ['What it means', 'First checks', 'Fix', 'Roll back']) expect(text, `${anchor}: ${part}`).toContain(part);
  });

  it('explains, for a failed rotation, the failed step, the retry and a safe return to AWSPREVIOUS', () => {
    const text = section(RUNBOOK_ANCHOR.rotationFailed);

    expect(text).toContain('step');
    expect(text).toContain('aws secretsmanager rotate-secret --secret-id');
    expect(text).toMatch(/update-secret-version-stage --secret-id <secret> --version-stage AWSCURRENT \\\s+--move-to-version-id <previous version id> --remove-from-version-id <current version id>/);
    expect(text).toContain('--version-stage AWSPENDING --remove-from-version-id');
    expect(text).toContain('**Do not.**');
  });

  it('never tells on-call to print a secret value', () => {
    expect(runbook).not.toMatch(/get-secret-value[^\n]*--query SecretString --output text\s*$/m);
  });

  it('builds links from a published base URL or the repository path', () => {
    expect(runbookLink('rotation-failed')).toBe('docs/runbooks.md#rotation-failed');
    expect(runbookLink('rotation-failed', 'https://example.com/docs/runbooks.md#old')).toBe('https://example.com/docs/runbooks.md#rotation-failed');
  });
});
