// `warden scan` end to end: the built CLI (dist/, built by the tests' global setup) run as a
// subprocess in temporary git repositories. Pre-commit behaviour, exit codes, every output format
// (no whole secret in any of them), SARIF valid against the OASIS 2.1.0 schema, gitleaks configs.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { Fakes } from '../../support/fake-secrets';
import { GIT_ENV, TempRepo } from '../../support/git-repo';
import { temporaryDirectory } from '../../support/temporary-directory';

const BIN = resolve(__dirname, '../../../bin/warden.mjs');
const f = new Fakes(4242);
const newRepo = () => new TempRepo(temporaryDirectory('warden-cli-'));

function warden(cwd: string, args: string[], input?: string) {
  const run = spawnSync(process.execPath, [BIN, ...args], { cwd, input, encoding: 'utf8', env: { ...GIT_ENV, NO_COLOR: '1' } });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, all: `${run.stdout}\n${run.stderr}` };
}

describe('pre-commit: warden scan --staged', () => {
  const stripe = f.stripeLive();
  const repo = newRepo();
  repo.write('README.md', '# app\n').commit('initial');

  it('refuses a staged secret (exit 1) and names file, line and rule without the value', () => {
    repo.write('src/pay.ts', `export const key = '${stripe}';\n`).git('add', 'src/pay.ts');
    const run = warden(repo.dir, ['scan', '--staged']);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('stripe-key');
    expect(run.stdout).toContain('src/pay.ts:1:21');
    expect(run.all).not.toContain(stripe);
  });

  it('accepts the same secret once it is in the baseline (exit 0)', () => {
    expect(warden(repo.dir, ['scan', '--staged', '--write-baseline', '.warden-baseline.json']).status).toBe(0);
    const run = warden(repo.dir, ['scan', '--staged', '--baseline', '.warden-baseline.json']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('[baseline]');
    expect(readFileSync(join(repo.dir, '.warden-baseline.json'), 'utf8')).not.toContain(stripe);
  });

  it('accepts a line marked warden:allow', () => {
    repo.git('reset', '-q');
    repo.write('src/pay.ts', `export const key = '${stripe}'; // warden:allow sandbox key, see docs\n`).git('add', 'src/pay.ts');
    expect(warden(repo.dir, ['scan', '--staged']).status).toBe(0);
  });

  it('sees the index, not the working copy', () => {
    const github = f.githubClassic();
    repo.git('reset', '-q');
    // Staged clean, secret only in the working copy: passes.
    repo.write('src/gh.ts', 'export const token = process.env.GITHUB_TOKEN;\n').git('add', 'src/gh.ts');
    repo.write('src/gh.ts', `export const token = '${github}';\n`);
    expect(warden(repo.dir, ['scan', '--staged']).status).toBe(0);
    // Secret staged, then removed from the working copy: still refused.
    repo.git('add', 'src/gh.ts');
    repo.write('src/gh.ts', 'export const token = process.env.GITHUB_TOKEN;\n');
    const run = warden(repo.dir, ['scan', '--staged']);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('github-token');
    // The working-tree scan sees the working copy (clean).
    expect(warden(repo.dir, ['scan', 'src/gh.ts']).status).toBe(0);
  });
});

describe('outputs and exit codes', () => {
  const secrets = {
    aws: f.awsAccessKeyId(),
    awsSecret: f.awsSecretAccessKey(),
    db: f.password(24),
    slack: f.slackBot(),
    pem: f.privateKey('OPENSSH'),
    jwt: f.jwt(),
  };
  const repo = newRepo();
  repo
    .write('services/orders/config.ts', `export const AWS_ACCESS_KEY_ID = '${secrets.aws}';\nexport const AWS_SECRET_ACCESS_KEY = '${secrets.awsSecret}';\nexport const DATABASE_URL = 'postgres://orders_app:${secrets.db}@orders.db.internal:5432/orders';\n`)
    .write('services/notify/slack.py', `SLACK_TOKEN = "${secrets.slack}"\n`)
    .write('deploy/id_ed25519', `${secrets.pem}\n`)
    .write('web/session.js', `const session = "${secrets.jwt}";\n`)
    .write('config/secrets.yaml', 'secrets:\n  - name: notify/slack-token\n');
  repo.commit('secrets everywhere');
  const canaries = Object.values(secrets);
  const body = secrets.pem.split('\n')[1]!;

  it('writes json, markdown, sarif, terminal, suggestions and the migration report without any whole secret', () => {
    const runs = [
      warden(repo.dir, ['scan']),
      warden(repo.dir, ['scan', '--format', 'json']),
      warden(repo.dir, ['scan', '--format', 'markdown']),
      warden(repo.dir, ['scan', '--format', 'sarif']),
      warden(repo.dir, ['scan', '--suggest']),
      warden(repo.dir, ['scan', '--history', '--format', 'json']),
      warden(repo.dir, ['scan', '--write-baseline', 'baseline.json']),
      warden(repo.dir, ['scan', '--migration-report', '--baseline', 'baseline.json']),
      warden(repo.dir, ['scan', '--format', 'sarif', '--output', 'out.sarif']),
      warden(repo.dir, ['--debug', 'scan', '--config', 'missing.toml']),
    ];
    const everything = [...runs.map((r) => r.all), readFileSync(join(repo.dir, 'baseline.json'), 'utf8'), readFileSync(join(repo.dir, 'out.sarif'), 'utf8')].join('\n');
    for (const canary of [...canaries, body]) expect(everything).not.toContain(canary);
    expect(runs.map((r) => r.status)).toEqual([1, 1, 1, 1, 1, 1, 0, 0, 1, 2]);
  });

  it('json: schemaVersion and findings with rule, file, line, severity, fingerprint; AWS key id and secret paired', () => {
    const run = warden(repo.dir, ['scan', '--format', 'json']);
    const report = JSON.parse(run.stdout) as { schemaVersion: string; findings: { rule: string; file: string; line: number; severity: string; fingerprint: string; pairedWith?: { line: number } }[] };
    expect(report.schemaVersion).toBe('1.0');
    expect(report.findings.map((x) => `${x.severity} ${x.rule} ${x.file}:${x.line}`)).toEqual([
      'critical private-key deploy/id_ed25519:1',
      'medium slack-token services/notify/slack.py:1',
      'critical aws-access-key-id services/orders/config.ts:1',
      'critical aws-secret-access-key services/orders/config.ts:2',
      'critical connection-string-password services/orders/config.ts:3',
      'high jwt web/session.js:1',
    ]);
    expect(report.findings[2]!.pairedWith).toEqual({ rule: 'aws-secret-access-key', line: 2 });
    expect(report.findings.every((x) => /^[0-9a-f]{32}$/.test(x.fingerprint))).toBe(true);
  });

  it('--fail-on critical ignores the lower findings when deciding the exit code', () => {
    const dir = newRepo();
    dir.write('a.py', `SLACK = "${f.slackBot()}"\n`).commit('slack');
    expect(warden(dir.dir, ['scan', '--fail-on', 'critical']).status).toBe(0);
    expect(warden(dir.dir, ['scan', '--fail-on', 'medium']).status).toBe(1);
  });

  it('sarif is valid against the SARIF 2.1.0 schema', () => {
    const require = createRequire(import.meta.url);
    const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as Record<string, unknown>;
    // The OASIS schema is draft-04 (`id`); ajv 8 reads it as draft-07 once `id` is `$id` (it uses no draft-04-only keyword).
    const { id, $schema: _draft, ...rest } = schema;
    const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
    addFormats(ajv);
    const validate = ajv.compile({ ...rest, $id: id as string });
    const log = JSON.parse(warden(repo.dir, ['scan', '--format', 'sarif']).stdout) as { runs: { results: unknown[] }[] };
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    expect(log.runs[0]!.results).toHaveLength(6);
    expect(validate({ version: '2.1.0', runs: [{ results: [] }] })).toBe(false); // the schema bites: a run needs its tool

  });

  it('suggests a catalog entry named from file and key, and the client call that reads it', () => {
    const run = warden(repo.dir, ['scan', '--suggest', 'services/orders/config.ts']);
    expect(run.stdout).toContain('- name: orders/database-url');
    expect(run.stdout).toContain('kind: postgres');
    expect(run.stdout).toContain('host: orders.db.internal');
    expect(run.stdout).toContain("await secrets.get('orders/database-url')");
    expect(run.stdout).toContain("createSecrets({ environment:");
  });

  it('the migration report marks a secret migrated once the catalog declares it and the code no longer holds it', () => {
    const dir = newRepo();
    dir.write('services/notify/slack.py', `SLACK_TOKEN = "${f.slackBot()}"\n`).write('services/orders/db.py', `PASSWORD = "${f.password(20)}"\n`).commit('before');
    expect(warden(dir.dir, ['scan', '--write-baseline', 'baseline.json']).status).toBe(0);
    dir.write('services/notify/slack.py', 'SLACK_TOKEN = secrets.get("notify/slack-token")\n').write('config/secrets.yaml', 'secrets:\n  - name: notify/slack-token\n').commit('after');
    const run = warden(dir.dir, ['scan', '--migration-report', '--baseline', 'baseline.json']);
    expect(run.stdout).toContain('| notify/slack-token | services/notify/slack.py:1 (slack-token) | Secrets Manager <env>/notify/slack-token | migrated |');
    expect(run.stdout).toContain('| orders/password | services/orders/db.py:1 (high-entropy-secret-name) | - | not migrated |');
  });

  it('reads standard input with -', () => {
    const token = f.npm();
    const run = warden(repo.dir, ['scan', '-'], `NPM_TOKEN=${token}\n`);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('npm-token');
    expect(run.all).not.toContain(token);
  });
});

describe('--config: gitleaks rules', () => {
  it('runs a gitleaks TOML rule set (inline (?i), keywords, secretGroup, entropy, allowlists), reports untranslatable rules by id', () => {
    const repo = newRepo();
    const internal = `acme_${f.chars('abcdefghijklmnopqrstuvwxyz0123456789', 32)}`;
    repo
      .write(
        '.gitleaks.toml',
        [
          'title = "team rules"',
          '[extend]',
          'useDefault = true',
          'disabledRules = ["slack-token"]',
          '[[rules]]',
          'id = "acme-internal-token"',
          'description = "ACME internal token"',
          `regex = '''(?i)\\b(acme_[a-z0-9]{32})\\b'''`,
          'secretGroup = 1',
          'entropy = 3.0',
          'keywords = ["acme_"]',
          'tags = ["medium"]',
          '[[rules.allowlists]]',
          'paths = [\'\'\'^test/\'\'\']',
          '[[rules]]',
          'id = "quoted-literal"',
          `regex = '''\\Qliteral\\E'''`,
          '[allowlist]',
          'paths = [\'\'\'(^|/)vendor/\'\'\']',
        ].join('\n'),
      )
      .write('src/a.ts', `const t = "${internal.toUpperCase()}";\nconst s = "${f.slackBot()}";\nconst g = "${f.githubClassic()}";\n`)
      .write('test/a.ts', `const t = "${internal}";\n`)
      .write('vendor/x.ts', `const t = "${internal}";\n`)
      .commit('rules');
    const run = warden(repo.dir, ['scan', '--config', '.gitleaks.toml', '--format', 'json']);
    const report = JSON.parse(run.stdout) as { findings: { rule: string; file: string; severity: string }[]; warnings: string[] };
    expect(report.findings.map((x) => `${x.severity} ${x.rule} ${x.file}`)).toEqual(['medium acme-internal-token src/a.ts', 'high github-token src/a.ts']);
    expect(report.warnings.join('\n')).toMatch(/rule quoted-literal skipped: .*\\Q/);
    expect(run.status).toBe(1);
  });

  it('a TOML syntax error is a usage error (exit 2) naming file and line', () => {
    const repo = newRepo();
    repo.write('bad.toml', '[[rules]]\nid = "x"\nregex = \n').commit('bad');
    const run = warden(repo.dir, ['scan', '--config', 'bad.toml']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/bad\.toml:3:\d+: not valid TOML/);
  });
});
