// What every command needs from the global options: the catalog and its environment.
// Catalog problems are usage errors (exit 2) listing every problem as file:line, like synth.
import type { Command } from 'commander';
import { closest } from 'fastest-levenshtein';
import { CatalogError, loadCatalog, UnknownEnvironmentError, type Catalog, type EnvironmentCatalog } from '../lib/catalog';
import { usageError } from './errors';
import type { GlobalOptions } from './main';

export function globalsOf(command: Command): GlobalOptions {
  return command.optsWithGlobals() as GlobalOptions;
}

export function catalogPathOf(command: Command): string {
  return globalsOf(command).catalog ?? 'config/secrets.yaml';
}

/** The catalog, or a usage error naming every problem (file:line) and the reference. */
export function loadCliCatalog(path: string): Catalog {
  try {
    return loadCatalog(path);
  } catch (error) {
    if (error instanceof CatalogError) {
      throw usageError(error.message, `Fix the catalog (\`npx warden catalog check --catalog ${path}\`), or pass --catalog PATH.`, error);
    }
    throw error;
  }
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
