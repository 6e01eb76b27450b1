// The one place the rotation functions are really bundled: by the local esbuild (no Docker), as
// ESM for nodejs24.x, with the RDS CA bundle as a file beside the PostgreSQL handler.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CATALOG } from './fixtures/catalogs';
import { SecretsWardenStack } from '../../lib/stacks/secrets-warden-stack';
import { testApp } from './support';

let bundles: Map<string, string>;

beforeAll(() => {
  const app = testApp();
  const stack = new SecretsWardenStack(app, 'SecretsWarden-dev', { catalog: CATALOG, environmentName: 'dev' });
  const assembly = app.synth();
  const template = assembly.getStackByName(stack.stackName).template as { Resources: Record<string, { Properties: { Code: { S3Key: string } } }> };
  bundles = new Map(
    [...stack.rotationFunctions].map(([kind, fn]) => {
      const { S3Key } = template.Resources[stack.getLogicalId(fn.node.defaultChild as never)]!.Properties.Code;
      // The staged asset directory is named after the hash the S3 key carries.
      return [kind, join(assembly.directory, `asset.${S3Key.replace(/\.zip$/, '')}`)];
    }),
  );
}, 240_000);

describe('the rotation bundles', () => {
  it('are one ESM file per function, built from the handlers', () => {
    expect([...bundles.keys()]).toEqual(['postgres', 'random']);
    for (const dir of bundles.values()) expect(existsSync(join(dir, 'index.mjs'))).toBe(true);
  });

  it('ship the Amazon RDS certificate authorities beside the PostgreSQL handler, not inside it', () => {
    const dir = bundles.get('postgres')!;

    const pem = readFileSync(join(dir, 'rds-ca-bundle.pem'), 'utf8');
    const code = readFileSync(join(dir, 'index.mjs'), 'utf8');

    expect(pem.match(/-----BEGIN CERTIFICATE-----/g)!.length).toBeGreaterThan(100);
    // A certificate body (DER in base64 starts `MII`), not the parser's own marker string.
    expect(code).not.toMatch(/-----BEGIN CERTIFICATE-----\s*MII/);
  });

  it('include the AWS SDK client rather than rely on the runtime copy', () => {
    const code = readFileSync(join(bundles.get('random')!, 'index.mjs'), 'utf8');

    expect(code).toContain('PutSecretValue');
  });
});
