// The report store port (lambdas/shared/report-store.ts) over a local directory, for
// `warden inventory --out DIR` and `warden report --out DIR`: the same keys the functions write to
// the report bucket become paths under DIR (`inventory/latest.json`, `compliance/badge.svg`, ...),
// and what a run reads back (the previous inventory state, the inventory facts the compliance report
// uses, the previous compliance report) is read from DIR too. Each file is written to a temporary
// name and renamed, so a run that stops half way never leaves a half-written report behind.
import { once } from 'node:events';
import { copyFileSync, createReadStream, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize, sep } from 'node:path';
import { WardenError } from '../lambdas/shared/errors';
import { linesOf } from '../lambdas/shared/lines';
import { writeChunks, type ReportStore } from '../lambdas/shared/report-store';

/** A report file that cannot be read or written; names the path and what to check. */
export class LocalReportError extends WardenError {
  constructor(
    readonly path: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** A report store over `dir`, plus the keys it wrote (in order) for the command's summary. */
export interface DirectoryReportStore extends ReportStore {
  readonly written: readonly string[];
}

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';

export function directoryReportStore(dir: string): DirectoryReportStore {
  const written: string[] = [];
  const pathOf = (key: string): string => {
    const relative = normalize(key);
    // Keys are the contract's constants; still, none may leave the directory.
    if (isAbsolute(relative) || relative === '..' || relative.startsWith(`..${sep}`)) throw new LocalReportError(key, `report key ${key} would be written outside ${dir}`);
    return join(dir, relative);
  };
  return {
    written,
    async readJson<T>(key: string): Promise<T | null> {
      const path = pathOf(key);
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch (error) {
        if (isMissing(error)) return null;
        throw new LocalReportError(path, `cannot read ${path}; check its permissions`, { cause: error });
      }
      if (text === '') return null;
      try {
        return JSON.parse(text) as T;
      } catch (error) {
        throw new LocalReportError(path, `${path} is not JSON; delete or replace the file (or use another --out directory)`, { cause: error });
      }
    },
    async readLines(key) {
      const path = pathOf(key);
      const stream = createReadStream(path);
      try {
        await once(stream, 'open');
      } catch (error) {
        if (isMissing(error)) return null;
        throw new LocalReportError(path, `cannot read ${path}; check its permissions`, { cause: error });
      }
      const lines = linesOf(stream);
      return (async function* () {
        try {
          yield* lines;
        } catch (error) {
          throw new LocalReportError(path, `${path} could not be read to the end (not UTF-8?); delete it and run again`, { cause: error });
        }
      })();
    },
    async write(key, body, _contentType) {
      const path = pathOf(key);
      await replaceFile(path, (partial) => writeChunks(partial, typeof body === 'string' ? [body] : body));
      written.push(key);
    },
    async stage(body) {
      // Generated once (inside DIR: same file system), then copied under each key, as the S3 store
      // puts one staged file under each key.
      mkdirSync(dir, { recursive: true });
      const staging = mkdtempSync(join(dir, '.staging-'));
      const document = join(staging, 'document');
      try {
        await replaceFile(document, (partial) => writeChunks(partial, body));
      } catch (error) {
        rmSync(staging, { recursive: true, force: true });
        throw error;
      }
      return {
        async writeTo(key) {
          const path = pathOf(key);
          await replaceFile(path, (partial) => copyFileSync(document, partial));
          written.push(key);
        },
        discard: () => rmSync(staging, { recursive: true, force: true }),
      };
    },
  };
}

/** Writes `path` through a temporary name and a rename, so a stopped run never leaves half a file. */
async function replaceFile(path: string, fill: (partial: string) => Promise<void> | void): Promise<void> {
  const partial = `${path}.partial-${process.pid}`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    await fill(partial);
    renameSync(partial, path);
  } catch (error) {
    try {
      rmSync(partial, { force: true });
    } catch {
      // Nothing was created (e.g. a file stands where the directory should be).
    }
    throw new LocalReportError(path, `cannot write ${path}; check that the --out directory is writable and has space`, { cause: error });
  }
}
