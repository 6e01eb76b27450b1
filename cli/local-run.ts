// What `warden inventory --out DIR` and `warden report --out DIR` share: the output directory (a
// local report store), quiet stand-ins for the ports that only make sense inside the account (the
// alert topic, EMF metrics: a run on an operator's machine never pages on-call), and the
// translation of whatever the shared core threw into the CLI's one- or two-line errors.
import { mkdirSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { describeError, WardenError } from '../lambdas/shared/errors';
import type { Notifier } from '../lambdas/shared/notifier';
import { actionOf, translateAwsError } from './aws';
import { causeChain, CliError, failedError, usageError } from './errors';
import type { Session } from './context';
import { directoryReportStore, LocalReportError, type DirectoryReportStore } from './report-store';

/** `--out DIR`, created when missing; a usage error when it names a file. */
export function outputDirectory(out: string): { dir: string; store: DirectoryReportStore } {
  const dir = resolve(out);
  try {
    if (statSync(dir, { throwIfNoEntry: false })?.isFile()) throw usageError(`--out ${out}: is a file, not a directory`, 'Pass a directory (it is created when missing).');
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw usageError(`--out ${out}: cannot create the directory (${(error as NodeJS.ErrnoException).code ?? describeError(error)})`, 'Pass a directory you can write to.', error);
  }
  return { dir, store: directoryReportStore(dir) };
}

/** The alert topic's port, closed: the scheduled function alerts on-call; a local run only writes files. */
export const NO_ALERTS: Notifier = { publish: async () => undefined };

/**
 * Runs the shared core and turns what it threw into a CliError: AWS refusals name the IAM action
 * (exit 3), report files name the path (exit 1), any other typed error keeps its message (exit 1).
 */
export async function runLocally<T>(session: Session, what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof CliError) throw error;
    const action = actionOf(error);
    const aws = translateAwsError(innermostAwsError(error), action ?? 'an AWS call', `account ${session.caller.account} (${session.config.region})`);
    if (aws) throw aws;
    if (error instanceof LocalReportError) throw failedError(error.message, undefined, error);
    if (error instanceof WardenError || action) throw failedError(`${what} failed: ${describeError(error)}`, 'Run again with --debug for details; nothing was written for the failed step.', error);
    throw error;
  }
}

/** The SDK error under the core's wrappers (ThrottledError keeps it as its cause). */
function innermostAwsError(error: unknown): unknown {
  for (const current of causeChain(error)) {
    if ((current as { $metadata?: unknown }).$metadata !== undefined || (current as { wardenAction?: unknown }).wardenAction !== undefined) return current;
  }
  return error;
}

/** Written keys as paths for the summary: relative to the current directory when under it, else absolute. */
export function writtenFiles(dir: string, store: DirectoryReportStore): string[] {
  return store.written.map((key) => {
    const path = resolve(dir, key);
    const near = relative(process.cwd(), path);
    return near.startsWith('..') || isAbsolute(near) ? path : near;
  });
}
