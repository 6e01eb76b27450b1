// Temporary git repositories for the scanner's tests: no global git config, fixed author and dates.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const GIT_ENV = {
  ...process.env,
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'Ada Tester',
  GIT_AUTHOR_EMAIL: 'ada@example.com',
  GIT_COMMITTER_NAME: 'Ada Tester',
  GIT_COMMITTER_EMAIL: 'ada@example.com',
};

/** A git repository in `dir`, an empty directory the caller made (and removes: temporaryDirectory()). */
export class TempRepo {
  private commits = 0;

  constructor(readonly dir: string, init = true) {
    if (init) this.git('init', '-q', '-b', 'main');
  }

  git(...args: string[]): string {
    return execFileSync('git', args, { cwd: this.dir, env: GIT_ENV, encoding: 'utf8' });
  }

  write(path: string, content: string | Buffer): this {
    mkdirSync(dirname(join(this.dir, path)), { recursive: true });
    writeFileSync(join(this.dir, path), content);
    return this;
  }

  remove(path: string): this {
    rmSync(join(this.dir, path), { force: true });
    return this;
  }

  /** Stages everything and commits with a fixed, increasing date; returns the commit id. */
  commit(message: string): string {
    this.commits += 1;
    const date = `2026-11-${String(this.commits).padStart(2, '0')}T10:00:00Z`;
    this.git('add', '-A');
    execFileSync('git', ['-c', 'commit.gpgsign=false', 'commit', '-q', '--allow-empty', '-m', message], { cwd: this.dir, env: { ...GIT_ENV, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } });
    return this.git('rev-parse', 'HEAD').trim();
  }
}
