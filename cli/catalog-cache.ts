// The validated catalog, cached by content (cli/cache.ts): parsing config/secrets.yaml with
// positions, validating it against the JSON Schema and applying the cross-field rules costs every
// command the YAML parser and the validator (about half the JavaScript `warden get` loads). A
// catalog text that this build already validated maps to the same environments every time
// (parseCatalog is a pure function of the text), so its resolved views are stored, one file per
// catalog path and build (two builds sharing a cache directory, e.g. a global and a project's
// warden, do not overwrite each other's entry), under a key of the build's catalog code and the
// text itself: any change to the file or to the loader's code is a miss, and the full loader then
// reports the catalog's errors exactly as without a cache. Only valid catalogs are stored; storing
// removes the files not rewritten for MAX_AGE_MS (expired, such as an older build's).
import { resolve } from 'node:path';
import { catalogOfViews, catalogViews } from '../lib/catalog/resolved';
import type { Catalog, EnvironmentCatalog } from '../lib/catalog/types';
import type { CliCache } from './cache';

/** Set by scripts/build.mjs: a hash of every source file the catalog loader is built from. */
declare const __WARDEN_CATALOG_CODE__: string | undefined;

/** The catalog code of this build, or undefined when running from source (no cache then). */
export const CATALOG_CODE_ID: string | undefined = typeof __WARDEN_CATALOG_CODE__ === 'string' ? __WARDEN_CATALOG_CODE__ : undefined;

const KIND = 'catalog';
/** An entry's life: long, since a changed text or build is a miss anyway; this only bounds stale files. */
const MAX_AGE_MS = 30 * 24 * 3600 * 1000;

/** The entry's file: one per catalog path and build. */
const nameOf = (codeId: string, path: string) => `${codeId}\0${resolve(path)}`;
const keyOf = (codeId: string, text: string) => `${codeId}\0${text}`;

/** The catalog this build validated from exactly `text` at `path`, or undefined. */
export function cachedCatalog(cache: CliCache, path: string, text: string, codeId: string): Catalog | undefined {
  const views = cache.read(KIND, nameOf(codeId, path), keyOf(codeId, text), MAX_AGE_MS);
  return Array.isArray(views) && views.length > 0 ? catalogOfViews(views as EnvironmentCatalog[]) : undefined;
}

/** Stores a catalog that `text` at `path` parsed to without any issue; false when it was not stored. */
export function storeCatalog(cache: CliCache, path: string, text: string, codeId: string, catalog: Catalog, now = Date.now()): boolean {
  const stored = cache.write(KIND, nameOf(codeId, path), keyOf(codeId, text), catalogViews(catalog), now + MAX_AGE_MS);
  cache.removeStale(KIND, MAX_AGE_MS);
  return stored;
}
