// test/support/temporary-directory.ts: a directory made in a test (or its beforeEach) goes when the
// test ends; one made outside a test, or kept for the file, lasts until the file's own afterAll
// hooks have run (the setup file temporary-directory-cleanup.ts removes it after them).
// onTestFinished hooks run in reverse order of registration: one registered before the directory
// is made runs after its removal.
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { fileTemporaryDirectory, temporaryDirectory } from '../../support/temporary-directory';

describe('temporaryDirectory', () => {
  let ofFile: string;
  let ofEach: string;
  const kept: string[] = [];
  beforeAll(() => {
    ofFile = temporaryDirectory('warden-helper-file-');
  });
  beforeEach(() => {
    onTestFinished(() => expect(existsSync(ofEach)).toBe(false));
    ofEach = temporaryDirectory('warden-helper-each-');
  });
  afterAll(() => {
    // The file's own after-hooks still find what the file keeps.
    for (const dir of [ofFile, ...kept]) expect(existsSync(dir)).toBe(true);
  });

  it('makes a fresh directory under the system temporary folder, or the parent given, and removes it when the test ends', () => {
    let made = '';
    onTestFinished(() => expect(existsSync(made)).toBe(false));
    made = temporaryDirectory('warden-helper-test-');
    const nested = temporaryDirectory('nested-', made);
    expect(dirname(made)).toBe(tmpdir());
    expect(dirname(nested)).toBe(made);
    expect(existsSync(ofEach)).toBe(true);
  });

  it('keeps what was made outside the test, or for the file, when the test ends', () => {
    let forFile = '';
    onTestFinished(() => expect([existsSync(ofFile), existsSync(forFile)]).toEqual([true, true]));
    forFile = fileTemporaryDirectory('warden-helper-kept-');
    kept.push(forFile);
  });
});
