// Runs the built `warden` CLI (dist/, built by the global setup) as a subprocess against the
// HTTP double: what an operator's shell does, without AWS.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../../lib/constructs/warden-function';
import type { AwsHttpDouble } from '../../support/secrets-manager-http';
import { fileTemporaryDirectory } from '../../support/temporary-directory';

export const WARDEN_BIN = join(PROJECT_ROOT, 'bin/warden.mjs');

export interface WardenRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface WardenOptions {
  readonly server?: AwsHttpDouble;
  readonly accessKeyId?: string;
  readonly env?: Record<string, string | undefined>;
  readonly input?: string;
  /** Called with the child once it writes this text to stderr (e.g. to send SIGINT mid-wait). */
  readonly onStderr?: { readonly text: string; readonly then: (child: import('node:child_process').ChildProcess) => void };
  /** Close the reading end of the CLI's stdout at once, before it can write (`warden ... | head` whose head has gone). */
  readonly closedStdout?: boolean;
}

/**
 * The CLI's cache (cli/cache.ts) for this test file's runs: a private directory, never the
 * developer's ~/.cache, made on the first run and removed after the file (the 'integration'
 * project evaluates this module afresh for each file).
 */
let cacheHome: string | undefined;

/** Environment without the developer's AWS settings: only what the test gives. */
function cleanEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined && !key.startsWith('AWS_') && key !== 'NO_COLOR' && key !== 'FORCE_COLOR' && key !== 'WARDEN_NO_CACHE') env[key] = value;
  env.XDG_CACHE_HOME = cacheHome ??= fileTemporaryDirectory('warden-cli-cache-');
  return env;
}

export function warden(args: readonly string[], options: WardenOptions = {}): Promise<WardenRun> {
  const env = { ...cleanEnv(), ...(options.server ? options.server.env(options.accessKeyId) : {}), ...options.env };
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete env[key];
  const child = spawn(process.execPath, [WARDEN_BIN, ...args], { cwd: PROJECT_ROOT, env: env as NodeJS.ProcessEnv, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let fired = false;
  if (options.closedStdout) child.stdout.destroy();
  else child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    if (options.onStderr && !fired && stderr.includes(options.onStderr.text)) {
      fired = true;
      options.onStderr.then(child);
    }
  });
  child.stdin.end(options.input ?? '');
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
