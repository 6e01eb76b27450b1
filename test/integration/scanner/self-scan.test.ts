// The repository passes its own scanner, as a team's repository would in CI: every finding in the
// tracked tree is a test fixture, a benchmark's local password or a documentation example, accepted
// in .warden/baseline.json (fingerprints salted with .warden/salt, so they hold in any checkout).
// A hard-coded secret added anywhere else fails this test. After adding a deliberate fixture:
//   npx warden scan --write-baseline .warden/baseline.json
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBaseline } from '../../../scanner/baseline';
import { runScan } from '../../../scanner/scan';

const ROOT = resolve(import.meta.dirname, '../../..');

describe('the repository scanned by warden scan', () => {
  it('has no finding outside its baseline', async () => {
    const result = await runScan({ cwd: ROOT, paths: [], baseline: readBaseline(resolve(ROOT, '.warden/baseline.json')) });
    expect(result.saltSource).toBe('.warden/salt');
    const outside = result.findings.filter((f) => !f.baselined).map((f) => `${f.rule} ${f.file}:${f.line} (${f.key ?? 'no key'})`);
    expect(outside, 'a new hard-coded secret, or a fixture to accept with --write-baseline').toEqual([]);
    expect(result.findings.length).toBeGreaterThan(0);
  });
});
