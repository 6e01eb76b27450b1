// The scanner's findings on a seeded corpus (bench/scan/corpus.ts, 3 MB) are exactly those in
// corpus-findings.expected.txt, which the scanner wrote before its speed work (keyword anchors, the
// ASCII stand-in for the prefilter); with non-ASCII text in some files, anchored and whole-text
// scans agree. A change to the rules or the
// engine that moves any finding (position, rule, key, fingerprint) fails here. When the change is
// meant, regenerate with `WARDEN_UPDATE_EXPECTED=1 npx vitest run test/unit/detectors/corpus-findings.test.ts`
// and say why in the commit.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_RULES, builtinEngine, DetectorEngine } from '../../../lambdas/shared/detectors';
import { corpusFindings, writeCorpus } from '../../support/corpus-findings';
import { temporaryDirectory } from '../../support/temporary-directory';

const EXPECTED = join(import.meta.dirname, 'corpus-findings.expected.txt');
let dir: string;
beforeAll(() => {
  dir = temporaryDirectory('warden-corpus-findings-');
  writeCorpus(dir);
});

describe('findings on the seeded corpus', () => {
  it('are exactly the expected ones', () => {
    const found = corpusFindings(dir, builtinEngine());
    if (process.env.WARDEN_UPDATE_EXPECTED === '1') writeFileSync(EXPECTED, `${found.join('\n')}\n`);
    const expected = readFileSync(EXPECTED, 'utf8').split('\n').filter(Boolean);
    expect(found.length).toBeGreaterThan(100);
    expect(found).toEqual(expected);
  });

  it('are the same when every chosen regex scans the whole text (no anchors), non-ASCII text included', () => {
    const whole = new DetectorEngine({ rules: BUILTIN_RULES, allowlists: [] }, { anchors: false });
    const anchored = corpusFindings(dir, builtinEngine(), true);
    expect(anchored.length).toBeGreaterThan(100);
    expect(corpusFindings(dir, whole, true)).toEqual(anchored);
  });
});
