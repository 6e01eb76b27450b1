// The few git commands the scanner runs (git must be on PATH). Plumbing output only (-z, --batch,
// --format), never porcelain meant for people.
import { spawn, spawnSync } from 'node:child_process';

export class GitError extends Error {
  constructor(
    readonly args: readonly string[],
    message: string,
    options?: ErrorOptions,
  ) {
    super(`git ${args.join(' ')} failed: ${message}`, options);
    this.name = 'GitError';
  }
}

const MAX_BUFFER = 1024 * 1024 * 1024;

/** Runs git in `cwd` and returns stdout (throws GitError with git's message on failure). */
export function git(cwd: string, args: readonly string[], input?: string): Buffer {
  const result = spawnSync('git', [...args], { cwd, input, maxBuffer: MAX_BUFFER, env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' } });
  if (result.error) throw new GitError(args, result.error.message, { cause: result.error });
  if (result.status !== 0) throw new GitError(args, result.stderr.toString('utf8').trim() || `exit ${result.status}`);
  return result.stdout;
}

/** NUL-separated output as a list (empty entries dropped). */
export function gitList(cwd: string, args: readonly string[]): string[] {
  return git(cwd, args).toString('utf8').split('\0').filter((entry) => entry.length > 0);
}

export interface Blob {
  readonly id: string;
  readonly size: number;
  /** Null when larger than the limit (not read). */
  readonly content: Buffer | null;
}

/**
 * Reads blobs by id with one `git cat-file --batch`: first their sizes (--batch-check), then the
 * contents of those within the size limit.
 */
export function readBlobs(cwd: string, ids: readonly string[], maxBytes: number): Map<string, Blob> {
  const blobs = new Map<string, Blob>();
  if (ids.length === 0) return blobs;
  const sizes = git(cwd, ['cat-file', '--batch-check=%(objectname) %(objectsize)'], `${ids.join('\n')}\n`).toString('utf8').trim().split('\n');
  const wanted: string[] = [];
  for (const line of sizes) {
    const [id, size] = line.split(' ');
    if (!id || size === undefined || size === 'missing') continue;
    if (Number(size) > maxBytes) blobs.set(id, { id, size: Number(size), content: null });
    else wanted.push(id);
  }
  if (wanted.length === 0) return blobs;
  const out = git(cwd, ['cat-file', '--batch'], `${wanted.join('\n')}\n`);
  let offset = 0;
  while (offset < out.length) {
    const headerEnd = out.indexOf(0x0a, offset);
    const [id, , size] = out.subarray(offset, headerEnd).toString('utf8').split(' ');
    const length = Number(size);
    blobs.set(id!, { id: id!, size: length, content: out.subarray(headerEnd + 1, headerEnd + 1 + length) });
    offset = headerEnd + 1 + length + 1;
  }
  return blobs;
}

/** Streams a git command's stdout line by line (for `git log -p` over a whole history). */
export async function* gitLines(cwd: string, args: readonly string[]): AsyncGenerator<string> {
  const child = spawn('git', [...args], { cwd, env: { ...process.env, LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  let rest = '';
  for await (const chunk of child.stdout.setEncoding('utf8')) {
    const text = rest + (chunk as string);
    const lines = text.split('\n');
    rest = lines.pop()!;
    yield* lines;
  }
  if (rest) yield rest;
  const code = await exited;
  if (code !== 0) throw new GitError(args, stderr.trim() || `exit ${code}`);
}
