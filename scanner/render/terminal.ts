// The terminal summary: one line per finding (severity, rule, where, masked value), then counts.
import type { ScanFinding, ScanResult } from '../types';

export interface Painter {
  red(text: string): string;
  yellow(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
  green(text: string): string;
}

const plain: Painter = { red: (t) => t, yellow: (t) => t, dim: (t) => t, bold: (t) => t, green: (t) => t };

/** `1 finding`, `2 findings`. */
function counted(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function where(f: ScanFinding): string {
  return `${f.file}:${f.line}:${f.column}${f.commit ? ` @${f.commit.slice(0, 10)} ${f.author ?? ''} ${f.date?.slice(0, 10) ?? ''}` : ''}`;
}

export function renderTerminal(result: ScanResult, failedCount: number, paint: Painter = plain): string {
  const { findings, statistics: s } = result;
  const lines: string[] = [];
  for (const f of findings) {
    const severity = f.severity === 'medium' ? paint.yellow(f.severity.padEnd(8)) : paint.red(f.severity.padEnd(8));
    // A masked PEM body starts with a line break: shown escaped, so each finding stays on one line.
    const value = f.length > 0 ? ` ${JSON.stringify(f.masked).slice(1, -1)} (${f.length})` : '';
    const pairNote = f.pairedWith ? paint.dim(` paired with ${f.pairedWith.rule} line ${f.pairedWith.line}`) : '';
    lines.push(`${severity} ${f.rule.padEnd(26)} ${where(f)}${f.key ? ` ${f.key}` : ''}${value}${f.baselined ? paint.dim(' [baseline]') : ''}${pairNote}`);
  }
  const scanned = s.mode === 'history' ? `${counted(s.commits, 'commit')}, ${counted(s.lines, 'added line')}` : counted(s.files, 'file');
  const skipped = [s.skippedBinary && `${s.skippedBinary} binary`, s.skippedHuge && `${s.skippedHuge} too large`, s.skippedIgnored && `${s.skippedIgnored} in .wardenignore`].filter(Boolean);
  const baselined = findings.filter((f) => f.baselined).length;
  if (lines.length > 0) lines.push('');
  lines.push(
    `${paint.bold('warden scan')} (${s.mode}): ${scanned}, ${(s.bytes / 1_048_576).toFixed(1)} MB in ${(s.durationMs / 1000).toFixed(2)} s; ` +
      `${counted(findings.length, 'finding')} (${baselined} in the baseline, ${s.allowedInline} allowed inline)${skipped.length ? `; skipped ${skipped.join(', ')}` : ''}`,
  );
  lines.push(
    failedCount > 0
      ? paint.red(`${counted(failedCount, 'finding')} ${failedCount === 1 ? 'fails the scan. Move it' : 'fail the scan. Move them'} into the catalog (warden scan --suggest), allow a line with a warden:allow comment, or accept ${failedCount === 1 ? 'it' : 'them'} with --write-baseline.`)
      : paint.green('no finding fails the scan'),
  );
  for (const w of result.warnings) lines.push(paint.yellow(`warning: ${w}`));
  return `${lines.join('\n')}\n`;
}
