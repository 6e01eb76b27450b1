// The CLI's cache on disk (docs/cli.md, "Cache"): answers that cost a start-up a noticeable part
// of its time and that cannot change without the cache noticing (the account an access key id
// belongs to; the validated catalog of one catalog text). It lives in
// $XDG_CACHE_HOME/secrets-warden (else ~/.cache/secrets-warden): directories 0700, files 0600.
// A file that is not a regular file of the current user with mode 0600, that does not parse,
// whose key does not match or that has expired is a miss, never trusted; the command then does
// the full work and rewrites it. Writing is best effort: a read-only or missing home only costs
// speed. `--no-cache` or WARDEN_NO_CACHE=1 turns it off. Files are JSON: a value that JSON would
// not give back exactly (an undefined property, a Date) is not stored at all.
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';

/** What a cache file holds: the hash of its full key, the expiry and the value. */
interface Envelope {
  readonly key: string;
  /** Milliseconds since the epoch. */
  readonly expires: number;
  readonly value: unknown;
}

/**
 * Whether a `read` of this process found nothing usable. The launcher (cli/launcher.ts) stores a
 * command's compiled code only after a run without such a miss: a miss adds work later runs do not
 * do (parsing the catalog, asking STS), whose code would only make the code cache bigger to load.
 */
let missed = false;
export const anyCacheMissed = (): boolean => missed;

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

export class CliCache {
  constructor(
    /** The cache's root directory (created on first write, mode 0700). */
    readonly dir: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** The file of `name` in `kind`: names are hashed, so no file name carries what it is for. */
  fileOf(kind: string, name: string, extension = '.json'): string {
    return join(this.dir, kind, `${sha256(name)}${extension}`);
  }

  /**
   * The value stored for `name` under `key`, or undefined: no file, not the user's own 0600 regular
   * file, unreadable, another key, expired, or expiring further than `maxAgeMs` ahead (a file
   * written with a longer life than this code grants is not trusted either).
   */
  read(kind: string, name: string, key: string, maxAgeMs: number): unknown {
    const value = this.readEnvelope(kind, name, key, maxAgeMs);
    if (value === undefined) missed = true;
    return value;
  }

  private readEnvelope(kind: string, name: string, key: string, maxAgeMs: number): unknown {
    try {
      const text = this.ownFile(this.fileOf(kind, name))?.toString('utf8');
      if (text === undefined) return undefined;
      const envelope = JSON.parse(text) as Partial<Envelope> | null;
      if (typeof envelope !== 'object' || envelope === null || envelope.key !== sha256(key) || typeof envelope.expires !== 'number') return undefined;
      const now = this.now();
      if (envelope.expires <= now || envelope.expires - now > maxAgeMs) return undefined;
      return envelope.value;
    } catch {
      return undefined;
    }
  }

  /**
   * The bytes stored for `name` under `key` (`writeBytes`), or undefined: no file, not the user's
   * own 0600 regular file, unreadable, another key, or bytes that are not those written (their
   * SHA-256 is stored with them: a consumer such as V8's code cache deserializer may not survive
   * damaged input). They do not expire: the key must name everything they depend on.
   */
  readBytes(kind: string, name: string, key: string): Buffer | undefined {
    try {
      const data = this.ownFile(this.fileOf(kind, name, '.bin'));
      const header = Buffer.from(`${sha256(key)}\n`);
      if (data === undefined || data.length < header.length + 65 || !data.subarray(0, header.length).equals(header)) return undefined;
      const bytes = data.subarray(header.length + 65);
      return data.toString('latin1', header.length, header.length + 65) === `${sha256(bytes)}\n` ? bytes : undefined;
    } catch {
      return undefined;
    }
  }

  /** Stores `bytes` for `name` under `key`, replacing what was there; returns whether it did. */
  writeBytes(kind: string, name: string, key: string, bytes: Uint8Array): boolean {
    return this.replace(this.fileOf(kind, name, '.bin'), [`${sha256(key)}\n${sha256(bytes)}\n`, bytes]);
  }

  /** The content of `file` if it is a regular file of the current user with mode 0600, else undefined. Throws when it cannot be read. */
  private ownFile(file: string): Buffer | undefined {
    let stat;
    try {
      stat = lstatSync(file);
    } catch {
      return undefined;
    }
    if (!stat.isFile() || (stat.mode & 0o777) !== 0o600 || !ownedByUs(stat.uid) || !this.privateDirectories(file)) return undefined;
    return readFileSync(file);
  }

  /**
   * Whether the cache directory and `file`'s directory in it are the user's own real directories
   * (not symbolic links) that nobody else may enter: `XDG_CACHE_HOME` may point somewhere others
   * can write, and what is read here includes code the CLI runs (cli/launcher.ts).
   */
  private privateDirectories(file: string): boolean {
    for (const dir of new Set([this.dir, dirname(file)])) {
      let stat;
      try {
        stat = lstatSync(dir);
      } catch {
        return false;
      }
      if (!stat.isDirectory() || (stat.mode & 0o077) !== 0 || !ownedByUs(stat.uid)) return false;
    }
    return true;
  }

  /**
   * Stores `value` for `name` under `key` until `expires` (ms since the epoch), if JSON gives it back
   * exactly; returns whether it did. Written to a temporary 0600 file, then renamed over the old
   * one, so a reader never sees half a file. Errors are swallowed: the cache only saves time.
   */
  write(kind: string, name: string, key: string, value: unknown, expires: number): boolean {
    try {
      const envelope: Envelope = { key: sha256(key), expires, value };
      const text = JSON.stringify(envelope);
      if (!isDeepStrictEqual((JSON.parse(text) as Envelope).value, value)) return false;
      return this.replace(this.fileOf(kind, name), [text]);
    } catch {
      return false;
    }
  }

  /**
   * Removes the files of `kind` last written more than `maxAgeMs` ago: what they hold has expired
   * (no entry is granted a longer life), and a file whose name nothing reads any more (another
   * build's) would otherwise stay for good. Only the user's own files, in private directories;
   * errors are swallowed, as for writes.
   */
  removeStale(kind: string, maxAgeMs: number): void {
    const dir = dirname(this.fileOf(kind, ''));
    try {
      if (!this.privateDirectories(this.fileOf(kind, ''))) return;
      const now = this.now();
      for (const name of readdirSync(dir)) {
        const file = join(dir, name);
        const stat = lstatSync(file);
        if (stat.isFile() && ownedByUs(stat.uid) && now - stat.mtimeMs > maxAgeMs) rmSync(file, { force: true });
      }
    } catch {
      // A stale file only costs disk space.
    }
  }

  /**
   * Writes `parts` to a temporary 0600 file beside `file` (its directory created 0700), then
   * renames it over `file`, so a reader never sees half a file; false on any error, after removing
   * the temporary file.
   */
  private replace(file: string, parts: readonly (string | Uint8Array)[]): boolean {
    const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
      if (!this.privateDirectories(file)) return false;
      const fd = openSync(temporary, 'wx', 0o600);
      try {
        for (const part of parts) writeFileSync(fd, part);
      } finally {
        closeSync(fd);
      }
      renameSync(temporary, file);
      return true;
    } catch {
      try {
        rmSync(temporary, { force: true });
      } catch {
        // Nothing was written there either.
      }
      return false;
    }
  }
}

/** Whether `uid` is the current user's (always true where processes have no uid, as on Windows). */
function ownedByUs(uid: number): boolean {
  return typeof process.getuid !== 'function' || uid === process.getuid();
}

/** WARDEN_NO_CACHE set to anything but '', 0 or false. */
function disabledByEnvironment(env: NodeJS.ProcessEnv): boolean {
  const value = env.WARDEN_NO_CACHE?.trim().toLowerCase();
  return value !== undefined && value !== '' && value !== '0' && value !== 'false';
}

/** The home directory when it is known and absolute: os.homedir() throws without HOME and a passwd entry, and gives '' for HOME=''. */
function homeDirectory(): string | undefined {
  try {
    const home = homedir();
    return isAbsolute(home) ? home : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The user's cache, or undefined when turned off (--no-cache, WARDEN_NO_CACHE) or when there is
 * no home to keep it in (never a directory relative to the working directory). XDG_CACHE_HOME
 * counts only when absolute, as the XDG Base Directory specification says.
 */
export function userCache(enabled: boolean, env: NodeJS.ProcessEnv = process.env): CliCache | undefined {
  if (!enabled || disabledByEnvironment(env)) return undefined;
  const xdg = env.XDG_CACHE_HOME;
  if (xdg && isAbsolute(xdg)) return new CliCache(join(xdg, 'secrets-warden'));
  const home = homeDirectory();
  return home === undefined ? undefined : new CliCache(join(home, '.cache', 'secrets-warden'));
}
