// The fingerprint salt, one per repository, so a fingerprint cannot be looked up across
// repositories or checked against a list of known values. In order:
//   1. `.warden/salt` at the root (a team may commit its own, e.g. to rotate it);
//   2. the repository's first commit id (the root commit, lowest id when several): the same in
//      every clone, in the working tree, the index and history, so one baseline serves all modes;
//   3. outside a repository or before the first commit: a fixed salt (say so; create .warden/salt).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { git } from './git';

export interface Salt {
  readonly value: string;
  readonly source: '.warden/salt' | 'root commit' | 'none';
}

const FALLBACK_SALT = 'secrets-warden/no-repository';

export function repositorySalt(root: string, inRepository: boolean): Salt {
  try {
    const value = readFileSync(join(root, '.warden', 'salt'), 'utf8').trim();
    if (value) return { value, source: '.warden/salt' };
  } catch {
    // no salt file
  }
  if (inRepository) {
    try {
      const roots = git(root, ['rev-list', '--max-parents=0', 'HEAD']).toString('utf8').split('\n').filter(Boolean).sort();
      if (roots[0]) return { value: roots[0], source: 'root commit' };
    } catch {
      // no commit yet
    }
  }
  return { value: FALLBACK_SALT, source: 'none' };
}
