// A worker thread of the scan pool (scanner/pool.ts): builds the rule engine once at start (the
// built-in rules, or the --config text the main thread read), says it is ready, then reads and
// scans the batches of working-tree files it is sent, answering each with its findings in file order and its counts.
// Built to dist/cli/scan-worker.js by scripts/build.mjs; it never writes output of its own.
import { parentPort, workerData } from 'node:worker_threads';
import { engineFor } from './config';
import { scanFiles, type BatchRequest, type BatchResponse, type WorkerReady, type WorkerSetup } from './pool';

const { engine } = engineFor((workerData as WorkerSetup).config);
const port = parentPort!;

port.on('message', (request: BatchRequest) => {
  let response: BatchResponse;
  try {
    response = { id: request.id, ...scanFiles(engine, request.files, request.setup) };
  } catch (error) {
    const { name, message, stack } = error instanceof Error ? error : new Error(String(error));
    response = { id: request.id, error: { name, message, stack } };
  }
  port.postMessage(response);
});
port.postMessage({ ready: true } satisfies WorkerReady);
