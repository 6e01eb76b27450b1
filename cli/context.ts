// What every command needs from the global options: the catalog and its environment.
// Catalog problems are usage errors (exit 2) listing every problem as file:line, like synth.
import type { Command } from 'commander';
import { closest, distance } from 'fastest-levenshtein';
import { readFileSync } from 'node:fs';
import { CatalogError, UnknownEnvironmentError } from '../lib/catalog/errors';
import { secretName, type Catalog, type Environment, type EnvironmentCatalog, type SecretEntry } from '../lib/catalog/types';
import { checkAccount, clientConfig, type Caller, type ClientConfig } from './aws';
import { userCache, type CliCache } from './cache';
import { CATALOG_CODE_ID, cachedCatalog, storeCatalog } from './catalog-cache';
import { failedError, safetyError, usageError, type CliError } from './errors';
import type { GlobalOptions } from './main';
import { Output } from './output';

export function globalsOf(command: Command): GlobalOptions {
  return command.optsWithGlobals() as GlobalOptions;
}

export function catalogPathOf(command: Command): string {
  return globalsOf(command).catalog ?? 'config/secrets.yaml';
}

/**
 * The catalog, or a usage error naming every problem (file:line) and the reference. With a cache,
 * a text this build already validated comes from it (cli/catalog-cache.ts) and the loader (YAML
 * parser, schema validator, rules) is not even imported; anything else goes through the loader.
 */
export async function loadCliCatalog(path: string, cache?: CliCache, codeId: string | undefined = CATALOG_CODE_ID): Promise<Catalog> {
  let text: string | undefined;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    // The loader reads it again and reports why it cannot, as always.
  }
  const cacheable = cache !== undefined && codeId !== undefined && text !== undefined;
  const hit = cacheable ? cachedCatalog(cache, path, text!, codeId) : undefined;
  if (hit) return hit;
  const { loadCatalog, parseCatalog } = await import('../lib/catalog/loader');
  let catalog: Catalog;
  try {
    catalog = text === undefined ? loadCatalog(path) : parseCatalog(text, path);
  } catch (error) {
    if (error instanceof CatalogError) {
      throw usageError(error.message, `Fix the catalog (\`npx warden catalog check --catalog ${path}\`), or pass --catalog PATH.`, error);
    }
    throw error;
  }
  if (cacheable) storeCatalog(cache, path, text!, codeId, catalog);
  return catalog;
}

/** The environment named by --env, or a usage error suggesting the closest name. */
export function environmentOf(catalog: Catalog, name: string): EnvironmentCatalog {
  try {
    return catalog.forEnvironment(name);
  } catch (error) {
    if (error instanceof UnknownEnvironmentError) {
      const known = catalog.environments.map((e) => e.name);
      throw usageError(`--env ${name}: not an environment of the catalog`, `Did you mean ${closest(name, known)}? Environments: ${known.join(', ')}.`, error);
    }
    throw error;
  }
}

/** What a command that talks to AWS works with. */
export interface Session {
  readonly globals: GlobalOptions;
  readonly out: Output;
  readonly catalogPath: string;
  readonly catalog: Catalog;
  readonly view: EnvironmentCatalog;
  readonly environment: Environment;
  readonly config: ClientConfig;
  /** The caller, once the account check passed. */
  readonly caller: Caller;
}

export interface SessionOptions {
  /**
   * Ask STS even when the cache knows the credentials' account (commands that change something);
   * the answer still refreshes the cache.
   */
  readonly liveAccountCheck?: boolean;
}

/** Catalog, environment, client configuration and the STS account check, in that order. */
export async function openSession(command: Command, options: SessionOptions = {}): Promise<Session> {
  const globals = globalsOf(command);
  const out = new Output(undefined, { color: globals.color });
  const catalogPath = catalogPathOf(command);
  const cache = userCache(globals.cache);
  const catalog = await loadCliCatalog(catalogPath, cache);
  const view = environmentOf(catalog, globals.env);
  const config = clientConfig(globals, view.environment);
  const caller = await checkAccount(config, view.environment, { cache, live: options.liveAccountCheck });
  return { globals, out, catalogPath, catalog, view, environment: view.environment, config, caller };
}

export interface ResolvedName {
  /** The name in Secrets Manager (`<env>/<name>` for a catalog secret). */
  readonly stored: string;
  /** The catalog entry, when the secret is managed. */
  readonly entry?: SecretEntry;
}

/** A catalog name (`payments/db-app`), its stored name (`prod/payments/db-app`), or any other secret's name or ARN. */
export function resolveName(view: EnvironmentCatalog, name: string): ResolvedName {
  const env = view.environment.name;
  const entry = view.secrets.find((s) => s.name === name || secretName(env, s.name) === name);
  return entry ? { stored: secretName(env, entry.name), entry } : { stored: name };
}

/** Up to three names closest to `name` (Levenshtein), nearest first. */
function closestNames(name: string, candidates: Iterable<string>, count = 3): string[] {
  const unique = [...new Set(candidates)].filter((c) => c !== name);
  return unique
    .map((candidate) => ({ candidate, d: distance(name, candidate) }))
    .sort((a, b) => a.d - b.d || a.candidate.localeCompare(b.candidate))
    .slice(0, count)
    .map(({ candidate }) => candidate);
}

/** Exit 1: the secret is not in the account; suggests the closest catalog and account names. */
export function unknownSecret(session: Session, name: string, accountNames: readonly string[], cause?: unknown): CliError {
  const env = session.environment.name;
  const candidates = [...session.view.secrets.map((s) => s.name), ...accountNames.map((n) => (n.startsWith(`${env}/`) ? n.slice(env.length + 1) : n))];
  const near = closestNames(name, candidates);
  return failedError(
    `no secret named ${name} in environment ${env} (account ${session.caller.account}, ${session.config.region})`,
    near.length > 0 ? `Did you mean ${near.join(', ')}? \`npx warden list --env ${env}\` shows them all.` : `\`npx warden list --env ${env}\` shows the secrets there.`,
    cause,
  );
}

export interface ChangeOptions {
  readonly yes?: boolean;
  readonly dryRun?: boolean;
}

/**
 * Confirmation before a change: --yes skips it; on a terminal the person answers y; off a terminal
 * without --yes the command refuses (exit 4) and changes nothing.
 */
export async function confirmChange(out: Output, what: string, options: ChangeOptions, input: NodeJS.ReadStream = process.stdin): Promise<void> {
  if (options.yes) return;
  if (!input.isTTY) {
    throw safetyError(`refusing to ${what} without confirmation (not on a terminal)`, 'Pass --yes to confirm, or --dry-run to see what would change.');
  }
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input, output: out.stderr });
  try {
    const answer = (await rl.question(`${what}? [y/N] `)).trim().toLowerCase();
    if (answer !== 'y' && answer !== 'yes') throw safetyError(`not confirmed: did not ${what}`, 'Nothing was changed.');
  } finally {
    rl.close();
  }
}
