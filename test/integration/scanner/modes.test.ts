// The scanner's modes through its core API (scanner/scan.ts) on temporary git repositories and
// directories: working tree and .gitignore, --no-ignore, binary and huge files, .wardenignore,
// warden:allow, history with commit/author/date, --since, standard input, fingerprints and baselines.
import { createHmac } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { baselineOf } from '../../../scanner/baseline';
import { runScan, type ScanOptions } from '../../../scanner/scan';
import { Fakes } from '../../support/fake-secrets';
import { TempRepo } from '../../support/git-repo';
import { temporaryDirectory } from '../../support/temporary-directory';

const f = new Fakes(2026);
const newRepo = (init = true) => new TempRepo(temporaryDirectory('warden-modes-'), init);
const scan = (repo: TempRepo, options: Partial<ScanOptions> = {}) => runScan({ cwd: repo.dir, paths: [], ...options });
const summary = (findings: readonly { rule: string; file: string; line: number }[]) => findings.map((x) => `${x.rule} ${x.file}:${x.line}`);

describe('working tree', () => {
  const github = f.githubClassic();
  const stripe = f.stripeLive();
  const repo = newRepo();
  repo
    .write('.gitignore', 'build/\n.env.local\n')
    .write('src/app.ts', `// app\nconst token = '${github}';\n`)
    .write('build/out.js', `const key = "${stripe}";\n`)
    .write('.env.local', `STRIPE=${stripe}\n`)
    .write('.env', 'LOG_LEVEL=debug\n')
    .write('assets/logo.png', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]), Buffer.from(stripe)]))
    .write('data/huge.txt', `${'x'.repeat(2048)}\n${stripe}\n`)
    .write('vendor/lib.js', `const k = "${stripe}";\n`)
    .write('.wardenignore', '# third-party code, reviewed\nvendor/\n')
    .write('src/fixture.ts', `const ok = "${f.stripeLive()}"; // warden:allow documented test value\n`);
  repo.commit('initial');

  it('honours .gitignore, skips binary and huge files with a count, allows .wardenignore paths and warden:allow lines', async () => {
    const result = await scan(repo, { maxBytes: 1024 });

    expect(summary(result.findings)).toEqual(['dotenv-file .env:1', 'github-token src/app.ts:2']);
    expect(result.findings[1]).toMatchObject({ column: 16, key: 'token', severity: 'high', masked: 'ghp_…', length: 40 });
    expect(result.statistics).toMatchObject({ mode: 'worktree', skippedBinary: 1, skippedHuge: 1, skippedIgnored: 1, allowedInline: 1 });
  });

  it('--no-ignore also reads ignored files; an ignored .env is not itself a finding', async () => {
    const result = await scan(repo, { noIgnore: true });

    expect(summary(result.findings)).toEqual(['dotenv-file .env:1', 'stripe-key .env.local:1', 'stripe-key build/out.js:1', 'stripe-key data/huge.txt:2', 'github-token src/app.ts:2']);
  });

  it('scans one path argument as the root, and filters by paths otherwise', async () => {
    expect(summary((await runScan({ cwd: repo.dir, paths: ['src'] })).findings)).toEqual(['github-token app.ts:2']);
    expect(summary((await runScan({ cwd: repo.dir, paths: ['src/app.ts', '.env'] })).findings)).toEqual(['dotenv-file .env:1', 'github-token src/app.ts:2']);
  });

  it('outside a repository walks the directory and applies .gitignore files', async () => {
    const dir = newRepo(false);
    dir.write('.gitignore', 'secret.txt\n').write('secret.txt', `k=${github}\n`).write('sub/.gitignore', 'local.cfg\n').write('sub/local.cfg', `k=${github}\n`).write('sub/keep.cfg', `k=${github}\n`);

    const result = await scan(dir);

    expect(summary(result.findings)).toEqual(['github-token sub/keep.cfg:1']);
    expect(result.saltSource).toBe('none');
  });
});

describe('fingerprints', () => {
  it('are HMAC-SHA-256 of the value salted with the root commit: equal values match across files, not across repositories', async () => {
    const secret = f.npm();
    const one = newRepo();
    one.write('a.txt', `NPM=${secret}\n`).write('b.txt', `x = "${secret}"\n`);
    const root = one.commit('one');
    const two = newRepo();
    two.write('a.txt', `NPM=${secret}\n`).commit('two');

    const [a, b] = (await scan(one)).findings;
    const [other] = (await scan(two)).findings;

    expect(a!.fingerprint).toBe(createHmac('sha256', root).update(secret).digest('hex').slice(0, 32));
    expect(b!.fingerprint).toBe(a!.fingerprint);
    expect(other!.fingerprint).not.toBe(a!.fingerprint);
  });

  it('.warden/salt overrides the root commit', async () => {
    const repo = newRepo();
    repo.write('.warden/salt', 'team-salt-1\n').write('a.txt', `NPM=${f.npm()}\n`).commit('salted');
    expect((await scan(repo)).saltSource).toBe('.warden/salt');
  });
});

describe('history', () => {
  const early = f.awsAccessKeyId();
  const later = f.gitlab();
  const repo = newRepo();
  repo.write('config.env', `A=1\nB=2\nAWS_ACCESS_KEY_ID=${early}\n`);
  const first = repo.commit('add config');
  repo.write('config.env', `A=10\nB=2\nAWS_ACCESS_KEY_ID=${early}\nC=3\n`);
  repo.commit('change other lines');
  repo.git('mv', 'config.env', 'settings.env');
  repo.commit('rename');
  repo.write('settings.env', `A=10\nB=2\nC=3\n`).write('ci.yml', `gitlab: ${later}\n`);
  const removal = repo.commit('remove the key, add a token');

  it('reports every line added in history once, with commit, author, date and the line in that commit', async () => {
    const result = await scan(repo, { history: true });

    expect(result.findings.map((x) => [x.rule, x.file, x.line, x.commit, x.author, x.date])).toEqual([
      ['gitlab-token', 'ci.yml', 1, removal, 'Ada Tester', '2026-11-04T10:00:00+00:00'],
      ['aws-access-key-id', 'config.env', 3, first, 'Ada Tester', '2026-11-01T10:00:00+00:00'],
    ]);
    expect(result.statistics).toMatchObject({ mode: 'history', commits: 4 });
    expect(result.statistics.lines).toBe(3 + 2 + 1);
  });

  it('--since REF reads only the lines added after REF', async () => {
    const result = await scan(repo, { since: first });
    expect(summary(result.findings)).toEqual(['gitlab-token ci.yml:1']);
  });

  it('one baseline (fingerprint + path) applies to the working tree and to history', async () => {
    const worktree = await scan(repo);
    const baseline = baselineOf(worktree.findings);
    const history = await scan(repo, { history: true, baseline });

    expect(history.findings.map((x) => [x.rule, x.baselined])).toEqual([
      ['gitlab-token', true],
      ['aws-access-key-id', false],
    ]);
  });

  it('refuses --staged outside a repository, and two modes at once', async () => {
    const dir = newRepo(false);
    await expect(scan(dir, { staged: true })).rejects.toThrow(/not in a git repository/);
    await expect(scan(repo, { staged: true, history: true })).rejects.toThrow(/separate modes/);
  });
});

describe('standard input', () => {
  it('reads - as one file', async () => {
    const secret = f.sendgrid();
    const result = await runScan({ cwd: newRepo(false).dir, paths: ['-'], stdin: Readable.from([Buffer.from(`line\nSENDGRID=${secret}\n`)]) });
    expect(summary(result.findings)).toEqual(['sendgrid-api-key -:2']);
    expect(result.statistics.mode).toBe('stdin');
  });
});
