// bin/app.ts as `cdk synth -c env=NAME` runs it: offline, with no AWS credentials in the
// environment, every environment unless -c env names one, and a readable error for an unknown environment.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../lib/constructs/warden-function';
import { temporaryDirectory } from '../support/temporary-directory';
import { offlineEnv } from './support';

function synth(context: Record<string, unknown>): { status: number | null; stderr: string; outdir: string } {
  const outdir = temporaryDirectory('warden-synth-');
  const result = spawnSync(join(PROJECT_ROOT, 'node_modules/.bin/tsx'), ['bin/app.ts'], {
    cwd: PROJECT_ROOT,
    // No credentials, and any attempt to find some fails at once (offlineEnv).
    env: offlineEnv({
      CDK_OUTDIR: outdir,
      // tsx keeps its compile cache and IPC pipes in the temporary folder (tsx-<uid>): the test's own.
      TMPDIR: temporaryDirectory('warden-synth-tmp-'),
      // Bundling is proven in rotation-bundles.test.ts; this test is about the entry point.
      CDK_CONTEXT_JSON: JSON.stringify({ 'aws:cdk:bundling-stacks': [], ...context }),
    }),
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: result.status, stderr: result.stderr, outdir };
}

describe('bin/app.ts', () => {
  it('synthesizes the stack of the environment named by -c env, without credentials', () => {
    const { status, stderr, outdir } = synth({ env: 'prod' });

    expect(status, stderr).toBe(0);
    const template = JSON.parse(readFileSync(join(outdir, 'SecretsWarden-prod.template.json'), 'utf8'));
    expect(JSON.stringify(template)).toContain('"prod/payments/db-app"');
    expect(existsSync(join(outdir, 'SecretsWarden-dev.template.json'))).toBe(false);
  });

  it('builds every environment when none is named, so `cdk list` and `cdk synth SecretsWarden-prod` need no -c env', () => {
    const { status, stderr, outdir } = synth({});

    expect(status, stderr).toBe(0);
    for (const name of ['dev', 'staging', 'prod']) expect(existsSync(join(outdir, `SecretsWarden-${name}.template.json`)), name).toBe(true);
    const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as { artifacts: Record<string, { type: string }> };
    const stacks = Object.entries(manifest.artifacts).filter(([, a]) => a.type === 'aws:cloudformation:stack').map(([id]) => id);
    expect(stacks.sort()).toEqual(['SecretsWarden-dev', 'SecretsWarden-prod', 'SecretsWarden-staging']);
  });

  it('refuses an environment the catalog does not declare, naming the known ones', () => {
    const { status, stderr } = synth({ env: 'qa' });

    expect(status).toBe(1);
    expect(stderr).toContain('"qa" is not an environment of the catalog');
    expect(stderr).toContain('dev, staging, prod');
  });

  it('names the catalog file it cannot read and the way to point at another', () => {
    const { status, stderr } = synth({ catalog: 'config/missing.yaml' });

    expect(status).toBe(1);
    expect(stderr).toContain('config/missing.yaml: cannot read the secrets catalog (ENOENT); restore it or pass -c catalog=PATH');
  });
});
