// Invariant 1: no secret value in a CloudFormation template. Secrets Manager generates every first
// value (GenerateSecretString); credentials present in the synthesizing process must not leak into
// the cloud assembly either.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretsWardenStack } from '../../lib/stacks/secrets-warden-stack';
import { applyNag } from '../../lib/nag';
import { CATALOG } from './fixtures/catalogs';
import { testApp } from './support';

const CANARIES = {
  AWS_SECRET_ACCESS_KEY: 'canarySecretAccessKey0wJalrXUtnFEMIK7MDENGbPxRfiCY',
  AWS_SESSION_TOKEN: 'canarySessionTokenIQoJb3JpZ2luX2VjEJr',
  PGPASSWORD: 'canaryPgPassword-9f8e7d6c',
  WARDEN_CANARY_SECRET: 'canaryWardenSecret-1a2b3c4d',
};
const saved: Record<string, string | undefined> = {};
let files: { path: string; text: string }[] = [];
let templates: { name: string; template: { Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }> } }[] = [];

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

beforeAll(() => {
  for (const [name, value] of Object.entries(CANARIES)) {
    saved[name] = process.env[name];
    process.env[name] = value;
  }
  const app = testApp({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stacks = CATALOG.environments.map(({ name }) => new SecretsWardenStack(app, `SecretsWarden-${name}`, { catalog: CATALOG, environmentName: name }));
  applyNag(app);
  const assembly = app.synth();
  files = listFiles(assembly.directory).map((path) => ({ path, text: readFileSync(path, 'utf8') }));
  templates = stacks.map((s) => ({ name: s.stackName, template: assembly.getStackByName(s.stackName).template }));
});

afterAll(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe('the synthesized cloud assembly', () => {
  it('contains none of the credentials present in the environment of the synthesizing process', () => {
    expect(files.length).toBeGreaterThan(3);
    for (const { path, text } of files) {
      for (const canary of Object.values(CANARIES)) expect(text.includes(canary), `${canary} in ${path}`).toBe(false);
    }
  });

  it('gives no secret a value: each has GenerateSecretString and no SecretString', () => {
    for (const { template } of templates) {
      const secrets = Object.values(template.Resources).filter((r) => r.Type === 'AWS::SecretsManager::Secret');

      expect(secrets.length).toBeGreaterThan(0);
      for (const secret of secrets) {
        expect(secret.Properties).not.toHaveProperty('SecretString');
        expect(secret.Properties).toHaveProperty('GenerateSecretString');
      }
    }
  });

  it('puts no password or generated key into a secret template: Secrets Manager adds it at creation', () => {
    for (const { template } of templates) {
      for (const secret of Object.values(template.Resources).filter((r) => r.Type === 'AWS::SecretsManager::Secret')) {
        const generate = secret.Properties!.GenerateSecretString as { SecretStringTemplate?: unknown; GenerateStringKey?: string };
        const text = JSON.stringify(generate.SecretStringTemplate ?? '');

        expect(text).not.toMatch(/password/i);
        if (generate.GenerateStringKey) expect(text).not.toContain(`\\"${generate.GenerateStringKey}\\"`);
      }
    }
  });

  it('holds no dynamic reference that would make CloudFormation read a secret value', () => {
    for (const { path, text } of files.filter((f) => f.path.endsWith('.template.json'))) {
      expect(text, path).not.toMatch(/\{\{resolve:secretsmanager/);
      expect(text, path).not.toMatch(/\{\{resolve:ssm-secure/);
    }
  });

  it('passes the functions settings only, never a credential, in their environment', () => {
    for (const { template } of templates) {
      for (const fn of Object.values(template.Resources).filter((r) => r.Type === 'AWS::Lambda::Function')) {
        const variables = (fn.Properties!.Environment as { Variables: Record<string, string> }).Variables;

        expect(Object.keys(variables).filter((k) => /(^|_)(PASSWORD|PASSWD|SECRET|TOKEN|CREDENTIALS?|PRIVATE_KEY|API_KEY)$/i.test(k))).toEqual([]);
      }
    }
  });
});
