// The scanner's findings on a seeded corpus (bench/scan/corpus.ts) as one line each: position,
// rule, severity, key, fingerprint (a fixed test salt) and the masked value. Used by
// test/unit/detectors/corpus-findings.test.ts to hold the findings still across speed work.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { generateCorpus } from '../../bench/scan/corpus';
import type { DetectorEngine } from '../../lambdas/shared/detectors';
import { scanInput } from '../../scanner/core';

const SALT = 'corpus-findings-test-salt';

/** Non-ASCII text (accents, a dash, an emoji, combining marks, a letter whose lower case is longer) in some files. */
const DECORATIONS = ['// Überprüfung der Schlüssel — naïve café ✓ 😀', '# clé secrète: voir la documentation…', '/* token\u0301 key\u0301 pass\u0301 */', 'const title = "İstanbul ünïcødé";'];

function files(root: string): string[] {
  return readdirSync(root).flatMap((name) => {
    const full = join(root, name);
    return statSync(full).isDirectory() ? files(full) : [full];
  });
}

/** Writes the corpus (3 MB, seed 4242) into `dir`. */
export function writeCorpus(dir: string): void {
  generateCorpus(dir, 3, 4242);
}

/**
 * Scans every file of the corpus in `dir` (writeCorpus) with `engine`; with
 * `decorate`, every seventh file gets non-ASCII lines (modern-ahocorasick's own path for such text,
 * Intl.Segmenter, is far too slow to run over a corpus: the scanner no longer takes it).
 */
export function corpusFindings(dir: string, engine: DetectorEngine, decorate = false): string[] {
  const lines: string[] = [];
  files(dir)
    .map((full) => relative(dir, full).split('\\').join('/'))
    .sort()
    .forEach((path, index) => {
      let text = readFileSync(join(dir, path), 'utf8');
      if (decorate && index % 7 === 0) {
        // A decoration at the top, one in the middle of a line, one at the end.
        const decoration = DECORATIONS[index % DECORATIONS.length]!;
        const middle = text.indexOf('\n', text.length >> 1);
        text = `${decoration}\n${text.slice(0, middle)} ${decoration}${text.slice(middle)}${decoration}\n`;
      }
      for (const f of scanInput(engine, { path, text }, SALT).findings) {
        lines.push(`${f.file}:${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.rule} ${f.severity} key=${f.key ?? '-'} ${f.fingerprint} ${JSON.stringify(f.masked)}/${f.length}${f.pairedWith ? ` paired=${f.pairedWith.rule}@${f.pairedWith.line}` : ''}`);
      }
    });
  return lines;
}
