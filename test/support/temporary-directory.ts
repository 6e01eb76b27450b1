// Temporary directories for tests, each removed by the test or the test file that made it: nothing
// is left in the system's temporary folder after a run (run with TMPDIR set to an empty folder to
// check). Call sites use temporaryDirectory(), never a bare mkdtempSync.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, onTestFinished, TestRunner } from 'vitest';

/** Directories made outside a test by the test file now running (a worker runs one file at a time). */
const ofFile: string[] = [];
let afterFileInstalled = false;

function remove(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * A fresh directory `<parent>/<prefix>XXXXXX` (parent: the system's temporary folder unless given).
 * Made inside a test (or its beforeEach), it is removed when that test finishes, passed or failed.
 * Made anywhere else (a beforeAll, a helper it calls), it is removed after the test file, once the
 * file's own afterAll hooks have run. Prefer a beforeAll to a file's or describe's top level: a
 * directory made while collecting is left behind when a filter (-t) skips every test of the file.
 */
export function temporaryDirectory(prefix: string, parent = tmpdir()): string {
  return make(prefix, parent, TestRunner.getCurrentTest() !== undefined ? 'test' : 'file');
}

/**
 * Like {@link temporaryDirectory}, but kept until the end of the test file even when made inside a
 * test: for what the file's afterAll hooks still read, or what several tests share once made.
 */
export function fileTemporaryDirectory(prefix: string, parent = tmpdir()): string {
  return make(prefix, parent, 'file');
}

function make(prefix: string, parent: string, until: 'test' | 'file'): string {
  if (until === 'file' && !afterFileInstalled) {
    throw new Error(
      `a temporary directory ('${prefix}') kept for the test file is removed after it by test/support/temporary-directory-cleanup.ts: add that to the project's setupFiles (vitest.config.ts)`,
    );
  }
  const dir = mkdtempSync(join(parent, prefix));
  if (until === 'test') onTestFinished(() => remove(dir));
  else ofFile.push(dir);
  return dir;
}

/**
 * Registers, for the test file being collected, the removal of the directories it makes outside its
 * tests. Called by the setup file test/support/temporary-directory-cleanup.ts: setup files run
 * before each file, so their afterAll is the file's first, run after the file's own.
 */
export function removeFileDirectoriesAfterTheFile(): void {
  afterFileInstalled = true;
  afterAll(() => {
    for (const dir of ofFile.splice(0)) remove(dir);
  });
}
