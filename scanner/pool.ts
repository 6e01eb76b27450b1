// Scanning the working tree on every core. When the files of a working-tree scan add up to enough
// bytes, the list (scanner/sources.ts) is cut into contiguous batches of about equal size and
// `jobs - 1` worker threads (scanner/worker.ts) start; the main thread scans batches itself from
// the start, while the workers load the rules. A worker gets its first batch when it says it is
// ready (so no batch waits behind a starting thread), then holds two at a time and gets the next
// as soon as it answers. Every thread reads its files and runs the same scanInput as
// the in-process scan; the batches' results are put back in list order, so the findings (and their
// order) are exactly those of a scan in one thread. A small scan starts no worker. The workers are
// terminated (and unreferenced) when the scan ends or fails: nothing keeps the process alive.
import { Worker } from 'node:worker_threads';
import type { DetectorEngine } from '../lambdas/shared/detectors';
import type { ConfigSource } from './config';
import { scanInput } from './core';
import { bytesToRead, newCounters, readWorktreeFile, type Counters, type WorktreeFile } from './sources';
import type { ScanFinding } from './types';

/** What a worker needs at start: the rules (a --config file's text; undefined = the built-in rules). */
export interface WorkerSetup {
  readonly config?: ConfigSource;
}

/** How to read and fingerprint the files, the same for every thread. */
export interface FilesSetup {
  readonly root: string;
  readonly maxBytes: number;
  /** The fingerprint salt (not a secret: it keeps fingerprints from being compared across repositories). */
  readonly salt: string;
}

export interface BatchRequest {
  readonly id: number;
  readonly files: readonly WorktreeFile[];
  readonly setup: FilesSetup;
}

/** Findings of a list of files, in file order, and what was read or skipped. */
export interface FilesScan {
  readonly findings: ScanFinding[];
  readonly allowedInline: number;
  readonly counters: Counters;
}

export type BatchResponse = { readonly id: number } & (FilesScan | { readonly error: { readonly name: string; readonly message: string; readonly stack?: string } });

/** A worker's first message: its rules are loaded, it takes batches from now on. */
export interface WorkerReady {
  readonly ready: true;
}

export class ScanWorkerError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ScanWorkerError';
  }
}

/** Reads and scans files one after the other: the in-process scan and each batch, in any thread. */
export function scanFiles(engine: DetectorEngine, files: readonly WorktreeFile[], setup: FilesSetup): FilesScan {
  const counters = newCounters();
  const findings: ScanFinding[] = [];
  let allowedInline = 0;
  for (const file of files) {
    const input = readWorktreeFile(file, setup, counters);
    if (!input) continue;
    const scanned = scanInput(engine, input, setup.salt);
    for (const finding of scanned.findings) findings.push(finding);
    allowedInline += scanned.allowedInline;
  }
  return { findings, allowedInline, counters };
}

/**
 * Batches of about equal size (bytes read: a file over maxBytes weighs nothing), contiguous in list
 * order: many per thread, so the threads finish close together. `total` is the bytes all the files read.
 */
function batchesOf(files: readonly WorktreeFile[], threads: number, total: number, maxBytes: number): WorktreeFile[][] {
  const target = Math.min(2 * 1_048_576, Math.max(128 * 1024, Math.ceil(total / (threads * 24))));
  const batches: WorktreeFile[][] = [];
  let batch: WorktreeFile[] = [];
  let bytes = 0;
  for (const file of files) {
    batch.push(file);
    bytes += bytesToRead(file, maxBytes);
    if (bytes >= target) {
      batches.push(batch);
      batch = [];
      bytes = 0;
    }
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

export interface PoolScan {
  /** Each batch's result, in list order. */
  readonly batches: FilesScan[];
  /** Worker threads that scanned batches. */
  readonly workers: number;
}

/** Batches a warm worker holds at once: it starts the next while its answer travels back. */
const QUEUE_DEPTH = 2;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** `workers` worker threads, started at once, used by one scan, then closed. */
export class ScanPool {
  private readonly workers: Worker[];
  /** A worker that failed before the scan: reported when the scan runs. */
  private early: Error | null = null;
  private onFailure: ((error: Error) => void) | null = null;
  private closed = false;

  constructor(workerUrl: URL, workers: number, setup: WorkerSetup) {
    this.workers = Array.from({ length: workers }, () => {
      const worker = new Worker(workerUrl, { workerData: setup });
      worker.on('error', (error) => this.fail(new ScanWorkerError(`a scan worker failed: ${error.message}`, { cause: error })));
      worker.on('exit', (code) => {
        if (!this.closed) this.fail(new ScanWorkerError(`a scan worker stopped (exit code ${code}) before the scan ended`));
      });
      return worker;
    });
  }

  private fail(error: Error): void {
    if (this.onFailure) this.onFailure(error);
    else this.early ??= error;
  }

  /**
   * Scans the files on this thread, with the engine it was given, and on the workers (at most one
   * per batch after the first). This thread starts at once and, between two of its own batches,
   * answers the workers. `bytes` is what the files read (bytesToRead, summed).
   */
  async scan(engine: DetectorEngine, files: readonly WorktreeFile[], setup: FilesSetup, bytes: number): Promise<PoolScan> {
    const batches = batchesOf(files, this.workers.length + 1, bytes, setup.maxBytes);
    const results = new Array<FilesScan>(batches.length);
    const used = this.workers.slice(0, Math.max(0, batches.length - 1));
    let next = 0;
    let done = 0;
    let failed = false;
    let settle!: { resolve: () => void; reject: (error: Error) => void };
    const finished = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
    finished.catch(() => undefined); // awaited below; a failure while this thread scans must not go unhandled
    // The scan ends when every batch is back and every worker has started (a worker that cannot
    // start fails the scan even when this thread did all the batches: the outcome never depends on timing).
    let starting = used.length;
    const settleWhenDone = () => {
      if (done === batches.length && starting === 0) settle.resolve();
    };
    const complete = (id: number, result: FilesScan) => {
      results[id] = result;
      done += 1;
      settleWhenDone();
    };
    const feed = (worker: Worker) => {
      if (next >= batches.length || failed) return;
      const id = next;
      next += 1;
      worker.postMessage({ id, files: batches[id]!, setup } satisfies BatchRequest);
    };
    this.onFailure = (error) => {
      failed = true;
      settle.reject(error);
    };
    if (this.early) this.onFailure(this.early);
    for (const worker of used) {
      let answered = 0;
      worker.on('message', (response: BatchResponse | WorkerReady) => {
        if ('ready' in response) {
          starting -= 1;
          settleWhenDone();
          feed(worker);
          return;
        }
        if ('error' in response) {
          const cause = Object.assign(new Error(response.error.message), { name: response.error.name, stack: response.error.stack });
          this.fail(new ScanWorkerError(`a scan worker failed on a batch of ${batches[response.id]!.length} files: ${response.error.message}`, { cause }));
          return;
        }
        complete(response.id, response);
        feed(worker);
        // After its first answer (its code is warming up) a worker holds two batches at a time.
        if ((answered += 1) === 1) for (let k = 1; k < QUEUE_DEPTH; k += 1) feed(worker);
      });
    }
    while (next < batches.length && !failed) {
      const id = next;
      next += 1;
      complete(id, scanFiles(engine, batches[id]!, setup));
      await nextTurn();
    }
    await finished;
    return { batches: results, workers: used.length };
  }

  /** Stops every worker; none keeps the process alive from here on. */
  close(): void {
    this.closed = true;
    for (const worker of this.workers) {
      worker.unref();
      void worker.terminate().catch(() => undefined);
    }
  }
}
