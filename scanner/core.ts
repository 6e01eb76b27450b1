// The scanner's pure core: detections in one text become findings with file, line, column, the
// masked value and the salted fingerprint. No I/O here: the sources (sources.ts) read files,
// the index or history and hand over text.
import { createHmac } from 'node:crypto';
import { maskValue, type Detection, type DetectorEngine, type Rule } from '../lambdas/shared/detectors';
import type { ScanFinding } from './types';

/** One text to scan and where it comes from. */
export interface ScanInput {
  /** Relative to the root, `/` separators. */
  readonly path: string;
  readonly text: string;
  readonly commit?: string;
  readonly author?: string;
  readonly date?: string;
  /** History mode: the text holds only added lines; lineNumbers[i] is line i's number in the file. */
  readonly lineNumbers?: readonly number[];
  /** The repository ignores the file (it was read because of --no-ignore). */
  readonly ignored?: boolean;
  /** The text is ASCII only (its bytes were checked when it was read). */
  readonly ascii?: boolean;
}

/** `warden:allow` (optionally followed by a reason) on a line allows that line; gitleaks' marker too. */
const ALLOW_MARKER = /\b(?:warden|gitleaks):allow\b/;

/** Lines between an AWS access key id and its secret key for the two to count as a pair. */
const PAIR_DISTANCE = 5;

function fingerprintOf(salt: string, value: string): string {
  return createHmac('sha256', salt).update(value, 'utf8').digest('hex').slice(0, 32);
}

export interface TextScan {
  readonly findings: ScanFinding[];
  /** Detections dropped because their line says `warden:allow`. */
  readonly allowedInline: number;
}

export function scanInput(engine: DetectorEngine, input: ScanInput, salt: string): TextScan {
  const findings: ScanFinding[] = [];
  let allowedInline = 0;
  for (const rule of engine.fileRulesFor(input.path, input.ignored)) findings.push(fileFinding(rule, input, salt));
  const detections = engine.detect(input.text, { path: input.path, commit: input.commit, ascii: input.ascii });
  if (detections.length > 0) {
    const lines = new LineIndex(input.text);
    for (const detection of detections) {
      const start = lines.position(detection.start);
      if (ALLOW_MARKER.test(lines.text(start.index))) {
        allowedInline += 1;
        continue;
      }
      const end = lines.position(detection.end);
      findings.push(toFinding(detection, input, salt, start, end, input.lineNumbers));
    }
  }
  return { findings: pair(findings), allowedInline };
}

function toFinding(detection: Detection, input: ScanInput, salt: string, start: Position, end: Position, lineNumbers?: readonly number[]): ScanFinding {
  const { prefix, length } = maskValue(detection.secret);
  const lineOf = (p: Position) => (lineNumbers ? (lineNumbers[p.index] ?? p.index + 1) : p.index + 1);
  return {
    rule: detection.rule.id,
    description: detection.rule.description,
    severity: detection.rule.sensitivity,
    file: input.path,
    line: lineOf(start),
    column: start.column,
    endLine: lineOf(end),
    endColumn: end.column,
    key: detection.key,
    fingerprint: fingerprintOf(salt, detection.secret),
    masked: prefix,
    length,
    ...provenance(input),
    baselined: false,
    ...(detection.rule.kind ? { kind: detection.rule.kind } : {}),
    ...(detection.rule.storage ? { storage: detection.rule.storage } : {}),
    ...connectionOf(detection, input.text),
  };
}

/**
 * A database URL's host, port, database and user (not its password): a postgres URL becomes a
 * `kind: postgres` catalog entry; other engines stay `external` (warden rotates PostgreSQL users).
 */
function connectionOf(detection: Detection, text: string): Pick<ScanFinding, 'connection' | 'kind'> {
  if (detection.rule.id !== 'connection-string-password') return {};
  const match = text.slice(detection.matchStart, detection.matchEnd);
  const redacted = match.slice(0, detection.start - detection.matchStart) + 'x' + match.slice(detection.end - detection.matchStart);
  try {
    const url = new URL(redacted);
    const postgres = /^postgres(?:ql)?:$/i.test(url.protocol);
    const dbname = decodeURIComponent(url.pathname.replace(/^\//, '').split('/')[0] ?? '');
    return {
      kind: postgres ? 'postgres' : 'external',
      connection: { host: url.hostname, ...(url.port ? { port: Number(url.port) } : {}), ...(dbname ? { dbname } : {}), ...(url.username ? { username: decodeURIComponent(url.username) } : {}) },
    };
  } catch {
    return { kind: 'external' };
  }
}

/** A file rule reports the file: its fingerprint is of the path (there is no single value). */
function fileFinding(rule: Rule, input: ScanInput, salt: string): ScanFinding {
  return {
    rule: rule.id,
    description: rule.description,
    severity: rule.sensitivity,
    file: input.path,
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 1,
    key: null,
    fingerprint: fingerprintOf(salt, `file:${input.path}`),
    masked: '',
    length: 0,
    ...provenance(input),
    baselined: false,
    ...(rule.kind ? { kind: rule.kind } : {}),
    ...(rule.storage ? { storage: rule.storage } : {}),
  };
}

function provenance(input: ScanInput): Pick<ScanFinding, 'commit' | 'author' | 'date'> {
  return input.commit ? { commit: input.commit, author: input.author, date: input.date } : {};
}

/** AWS access key ids and secret keys within a few lines of each other name each other. */
function pair(findings: ScanFinding[]): ScanFinding[] {
  const ids = findings.filter((f) => f.rule === 'aws-access-key-id');
  const keys = findings.filter((f) => f.rule === 'aws-secret-access-key');
  if (ids.length === 0 || keys.length === 0) return findings;
  return findings.map((finding) => {
    const others = finding.rule === 'aws-access-key-id' ? keys : finding.rule === 'aws-secret-access-key' ? ids : [];
    const mate = others.find((o) => Math.abs(o.line - finding.line) <= PAIR_DISTANCE);
    return mate ? { ...finding, pairedWith: { rule: mate.rule, line: mate.line } } : finding;
  });
}

interface Position {
  /** 0-based line index in the text. */
  readonly index: number;
  /** 1-based column. */
  readonly column: number;
}

/** Offsets to lines, built once per text that has detections. */
class LineIndex {
  private readonly starts: number[] = [0];
  constructor(private readonly source: string) {
    for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  position(offset: number): Position {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { index: low, column: offset - this.starts[low]! + 1 };
  }

  text(index: number): string {
    const end = index + 1 < this.starts.length ? this.starts[index + 1]! - 1 : this.source.length;
    return this.source.slice(this.starts[index]!, end);
  }
}
