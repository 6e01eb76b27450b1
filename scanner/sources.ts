// Where the text comes from: the working tree (honouring .gitignore: listed here, then read file by
// file in this thread or in the worker pool, scanner/pool.ts), the index (--staged), the lines
// added in history (--since / --history) or standard input. Each yields ScanInputs and counts what
// it skipped (binary, huge, .wardenignore).
import { isAscii } from 'node:buffer';
import { closeSync, lstatSync, openSync, readdirSync, readFileSync, readSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import type { ScanInput } from './core';
import { git, gitLines, gitList, readBlobs } from './git';

export interface SourceOptions {
  readonly root: string;
  /** Only these paths (relative to the root; a directory means everything under it). Empty = all. */
  readonly only: readonly string[];
  readonly maxBytes: number;
  /** `.wardenignore` at the root: paths allowed (never scanned). */
  readonly wardenIgnore: Ignore;
}

export interface Counters {
  files: number;
  bytes: number;
  lines: number;
  commits: number;
  skippedBinary: number;
  skippedHuge: number;
  skippedIgnored: number;
}

export function newCounters(): Counters {
  return { files: 0, bytes: 0, lines: 0, commits: 0, skippedBinary: 0, skippedHuge: 0, skippedIgnored: 0 };
}

/** A NUL byte in the first 8,000 bytes means binary (git's own heuristic). */
function isBinary(content: Buffer): boolean {
  return content.subarray(0, 8000).includes(0);
}

const toPosix = (path: string) => path.split(sep).join('/');

function selected(options: SourceOptions, path: string, counters: Counters): boolean {
  if (options.only.length > 0 && !options.only.some((p) => p === '' || p === '.' || path === p || path.startsWith(`${p.replace(/\/$/, '')}/`))) return false;
  if (options.wardenIgnore.ignores(path)) {
    counters.skippedIgnored += 1;
    return false;
  }
  return true;
}

/** Decodes a file's content, or counts it as skipped (binary or over the size limit). */
function textOf(content: Buffer | null, size: number, options: Pick<SourceOptions, 'maxBytes'>, counters: Counters): { text: string; ascii: boolean } | null {
  if (content === null || size > options.maxBytes) {
    counters.skippedHuge += 1;
    return null;
  }
  if (isBinary(content)) {
    counters.skippedBinary += 1;
    return null;
  }
  counters.files += 1;
  counters.bytes += content.length;
  // Most source files are ASCII: checked on the bytes (tells the engine it may skip that test on the text).
  const ascii = isAscii(content);
  return { text: content.toString(ascii ? 'latin1' : 'utf8'), ascii };
}

/** A working-tree file chosen for the scan, before it is read. */
export interface WorktreeFile {
  /** Relative to the root, `/` separators. */
  readonly path: string;
  /** The repository ignores it (listed because of --no-ignore). */
  readonly ignored: boolean;
  /** Size in bytes when listed. */
  readonly size: number;
}

/** Whether the scan reads a listed file: not when it is over `maxBytes` (skipped unread, counted huge). */
function willRead(file: WorktreeFile, maxBytes: number): boolean {
  return file.size <= maxBytes;
}

/** The bytes the scan reads of a listed file: its size, or 0 when it is skipped unread (willRead). */
export function bytesToRead(file: WorktreeFile, maxBytes: number): number {
  return willRead(file, maxBytes) ? file.size : 0;
}

/**
 * The working tree's files to scan, in scan order: `git ls-files` in a repository (tracked +
 * untracked, minus ignored), else a walk honouring .gitignore files; regular files only, with
 * their sizes (the worker pool batches by size).
 */
export function worktreeFiles(options: SourceOptions & { readonly noIgnore: boolean; readonly inRepository: boolean }, counters: Counters): WorktreeFile[] {
  const { root } = options;
  let files: { path: string; ignored: boolean }[];
  if (options.inRepository) {
    files = gitList(root, ['ls-files', '-z', '--cached', '--others', '--exclude-standard']).map((path) => ({ path, ignored: false }));
    if (options.noIgnore) files.push(...gitList(root, ['ls-files', '-z', '--others', '--ignored', '--exclude-standard']).map((path) => ({ path, ignored: true })));
  } else {
    files = walk(root, options.noIgnore);
  }
  const chosen: WorktreeFile[] = [];
  for (const { path, ignored } of files) {
    if (!selected(options, path, counters)) continue;
    try {
      const stat = lstatSync(join(root, path));
      if (stat.isFile()) chosen.push({ path, ignored, size: stat.size });
    } catch {
      // tracked but deleted from the working tree
    }
  }
  return chosen;
}

/**
 * One read buffer per thread, grown to the largest file read so far: files are read into it and
 * decoded to a string at once, so scanning thousands of files does not allocate (and collect)
 * a Buffer for each.
 */
let readBuffer = Buffer.allocUnsafe(256 * 1024);

/** The file's bytes in the shared read buffer (valid until the next read), or null when it is over `maxBytes`. */
function readInto(path: string, maxBytes: number): { content: Buffer | null; size: number } {
  const fd = openSync(path, 'r');
  try {
    let length = 0;
    for (;;) {
      if (length === readBuffer.length) {
        if (length > maxBytes) return { content: null, size: length };
        const grown = Buffer.allocUnsafe(Math.min(readBuffer.length * 2, maxBytes + 1));
        readBuffer.copy(grown, 0, 0, length);
        readBuffer = grown;
      }
      const read = readSync(fd, readBuffer, length, readBuffer.length - length, null);
      if (read === 0) break;
      length += read;
    }
    return length > maxBytes ? { content: null, size: length } : { content: readBuffer.subarray(0, length), size: length };
  } finally {
    closeSync(fd);
  }
}

/** Reads one listed file as a ScanInput, or counts it as skipped (binary, over the size limit, gone). */
export function readWorktreeFile(file: WorktreeFile, options: Pick<SourceOptions, 'root' | 'maxBytes'>, counters: Counters): ScanInput | null {
  let read: { content: Buffer | null; size: number } = { content: null, size: file.size };
  if (willRead(file, options.maxBytes)) {
    try {
      read = readInto(join(options.root, file.path), options.maxBytes);
    } catch {
      return null; // deleted since it was listed
    }
  }
  const decoded = textOf(read.content, read.size, options, counters);
  return decoded === null ? null : { path: file.path, ...decoded, ignored: file.ignored };
}

/** Outside a repository: every file under the root, .gitignore files applied per directory (the `ignore` package). */
function walk(root: string, noIgnore: boolean): { path: string; ignored: boolean }[] {
  const found: { path: string; ignored: boolean }[] = [];
  const visit = (dir: string, rules: readonly { base: string; matcher: Ignore }[]) => {
    let scoped = rules;
    try {
      const gitignore = readFileSync(join(dir, '.gitignore'), 'utf8');
      scoped = [...rules, { base: toPosix(relative(root, dir)), matcher: ignore().add(gitignore) }];
    } catch {
      // no .gitignore here
    }
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === '.git') continue;
      const full = join(dir, entry.name);
      const path = toPosix(relative(root, full));
      const test = entry.isDirectory() ? `${path}/` : path;
      const ignored = scoped.some(({ base, matcher }) => matcher.ignores(base ? test.slice(base.length + 1) : test));
      if (ignored && !noIgnore) continue;
      if (entry.isDirectory()) visit(full, scoped);
      else if (entry.isFile()) found.push({ path, ignored });
    }
  };
  visit(root, []);
  return found.sort((a, b) => (a.path < b.path ? -1 : 1));
}

/**
 * What is staged: the index's blobs (not the working copy) of the files added, copied, modified or
 * renamed in the index relative to HEAD, read with one `git cat-file --batch`.
 */
export function* stagedInputs(options: SourceOptions, counters: Counters): Generator<ScanInput> {
  const { root } = options;
  const changed = gitList(root, ['diff', '--cached', '--name-only', '-z', '--diff-filter=ACMR', '--no-renames']).filter((p) => selected(options, p, counters));
  if (changed.length === 0) return;
  const entries = gitList(root, ['ls-files', '--stage', '-z', '--', ...changed.map((p) => `:(literal)${p}`)])
    .map((line) => /^(\d+) ([0-9a-f]+) (\d)\t(.*)$/s.exec(line))
    .filter((m): m is RegExpExecArray => m !== null && m[1] !== '160000' && m[1] !== '120000')
    .map((m) => ({ id: m[2]!, path: m[4]! }));
  const blobs = readBlobs(root, [...new Set(entries.map((e) => e.id))], options.maxBytes);
  for (const { id, path } of entries) {
    const blob = blobs.get(id);
    if (!blob) continue;
    const decoded = textOf(blob.content, blob.size, options, counters);
    if (decoded !== null) yield { path, ...decoded };
  }
}

export interface HistoryRange {
  /** Lines added after this ref (`REF..HEAD`); undefined = every commit of every branch. */
  readonly since?: string;
}

/**
 * Every line added in history, once: `git log -p -U0` (no merge diffs, renames followed so a
 * moved file adds nothing), grouped per commit and file, with the added lines' numbers.
 */
export async function* historyInputs(options: SourceOptions, range: HistoryRange, counters: Counters): AsyncGenerator<ScanInput> {
  const args = ['log', '-p', '-U0', '-M', '--no-color', '--no-ext-diff', '--no-textconv', '--format=%x1e%H%x1f%an%x1f%aI', ...(range.since ? [`${range.since}..HEAD`] : ['--all']), '--'];
  let commit: { id: string; author: string; date: string } | null = null;
  let path: string | null = null;
  let lines: string[] = [];
  let numbers: number[] = [];
  let next = 0;
  let inHunk = false;
  const flush = (): ScanInput | null => {
    const input = commit && path && lines.length > 0 && selected(options, path, counters)
      ? { path, text: lines.join('\n'), lineNumbers: numbers, commit: commit.id, author: commit.author, date: commit.date }
      : null;
    if (input) {
      counters.files += 1;
      counters.bytes += input.text.length;
    }
    lines = [];
    numbers = [];
    return input;
  };
  for await (const line of gitLines(options.root, args)) {
    if (line.startsWith('\x1e')) {
      const done = flush();
      if (done) yield done;
      const [id, author, date] = line.slice(1).split('\x1f');
      commit = { id: id!, author: author!, date: date! };
      counters.commits += 1;
      path = null;
      inHunk = false;
    } else if (line.startsWith('diff --git ')) {
      const done = flush();
      if (done) yield done;
      path = null;
      inHunk = false;
    } else if (!inHunk && line.startsWith('+++ ')) {
      const target = line.slice(4).replace(/^"(.*)"$/, '$1');
      path = target === '/dev/null' ? null : target.replace(/^b\//, '');
    } else if (!inHunk && line.startsWith('Binary files ')) {
      counters.skippedBinary += 1;
    } else if (line.startsWith('@@ ')) {
      inHunk = true;
      next = Number(/\+(\d+)/.exec(line)?.[1] ?? '1');
    } else if (inHunk && line.startsWith('+')) {
      lines.push(line.slice(1));
      numbers.push(next);
      next += 1;
      counters.lines += 1;
    }
  }
  const done = flush();
  if (done) yield done;
}

/** Standard input, as the file `-`. */
export async function stdinInput(stream: NodeJS.ReadableStream, options: SourceOptions, counters: Counters): Promise<ScanInput | null> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  const content = Buffer.concat(chunks);
  const decoded = textOf(content, content.length, options, counters);
  return decoded === null ? null : { path: '-', ...decoded };
}

/** The root's `.wardenignore` (gitignore syntax): paths whose findings are allowed. */
export function loadWardenIgnore(root: string): Ignore {
  const matcher = ignore();
  try {
    matcher.add(readFileSync(join(root, '.wardenignore'), 'utf8'));
  } catch {
    // none
  }
  return matcher;
}

/** The repository's top-level directory, or null outside a repository. */
export function gitTopLevel(cwd: string): string | null {
  try {
    return git(cwd, ['rev-parse', '--show-toplevel']).toString('utf8').trim() || null;
  } catch {
    return null;
  }
}

/** Adds a worker's (or a batch's) counts to the scan's. */
export function addCounters(into: Counters, from: Counters): void {
  for (const key of Object.keys(into) as (keyof Counters)[]) into[key] += from[key];
}
