// `warden doctor` as a subprocess against the HTTP double: each check's line, the fix on failure,
// exit 1 when anything fails, and nothing looked at in an account that is not the environment's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAwsHttpDouble, type AwsHttpDouble } from '../../support/secrets-manager-http';
import { warden } from './support';

const TOPIC = 'arn:aws:sns:eu-west-1:111111111111:secrets-warden-dev-alerts';
const OUTPUTS = {
  AlertTopicArn: TOPIC,
  ReportBucketName: 'secretswarden-dev-reports',
  RotationPostgresFunctionName: 'dev-rotation-postgres',
  RotationRandomFunctionName: 'dev-rotation-random',
  Version: '0.1.0',
};

let server: AwsHttpDouble;

interface Doc {
  ok: boolean;
  account: string | null;
  checks: { check: string; status: string; detail: string; fix: string | null }[];
}
const statuses = (doc: Doc) => Object.fromEntries(doc.checks.map((c) => [c.check, c.status]));

beforeAll(async () => {
  server = await startAwsHttpDouble({ account: '111111111111', region: 'eu-west-1' });
  server.setCaller('AKIAOTHERACCOUNT0001', { account: '999999999999' });
  server.setCaller('AKIANODESCRIBESTACKS', { denied: ['cloudformation:DescribeStacks'] });
  server.stacks.set('SecretsWarden-dev', { status: 'UPDATE_COMPLETE', outputs: OUTPUTS });
  server.functions.set('dev-rotation-postgres', {});
  server.functions.set('dev-rotation-random', {});
  server.sns.createTopic(TOPIC, { confirmed: 0, pending: 1 });
});

afterAll(async () => {
  await server.stop();
});

describe('warden doctor (subprocess, HTTP double)', () => {
  it('inventory, report and doctor each have --help with an example', async () => {
    const helps = await Promise.all(['inventory', 'report', 'doctor'].map((name) => warden([name, '--help'])));
    for (const help of helps) {
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(/Example:\n {2}\$ npx warden (inventory|report|doctor)/);
      expect(help.stdout).not.toContain('not available in this build');
    }
  });

  it('fails on an alert topic whose only subscription is pending, naming the fix; passes once one is confirmed', async () => {
    const pending = await warden(['doctor'], { server });
    expect(pending.code).toBe(1);
    expect(pending.stdout).toMatch(/^ok +credentials +arn:aws:iam::111111111111:user\/operator$/m);
    expect(pending.stdout).toMatch(/^ok +stack SecretsWarden-dev +UPDATE_COMPLETE, version 0\.1\.0$/m);
    expect(pending.stdout).toMatch(/^fail +alert topic +no confirmed subscription, 1 pending confirmation/m);
    expect(pending.stdout).toMatch(/fix: Confirm the subscription: open the link/);

    server.sns.createTopic(TOPIC, { confirmed: 1, pending: 1 });
    const confirmed = await warden(['doctor', '--json'], { server });
    expect(confirmed.code).toBe(0);
    const doc = JSON.parse(confirmed.stdout) as Doc;
    expect(doc).toMatchObject({ ok: true, account: '111111111111' });
    expect(statuses(doc)).toEqual({
      credentials: 'ok',
      account: 'ok',
      region: 'ok',
      'stack SecretsWarden-dev': 'ok',
      'rotation function dev-rotation-postgres': 'ok',
      'rotation function dev-rotation-random': 'ok',
      'alert topic': 'ok',
    });
  });

  it('fails on a missing rotation function and on a stack whose last update rolled back', async () => {
    server.functions.delete('dev-rotation-random');
    server.stacks.set('SecretsWarden-dev', { status: 'UPDATE_ROLLBACK_COMPLETE', statusReason: 'Resource update cancelled', outputs: OUTPUTS });
    try {
      const result = await warden(['doctor', '--json'], { server });
      expect(result.code).toBe(1);
      const doc = JSON.parse(result.stdout) as Doc;
      const byName = new Map(doc.checks.map((c) => [c.check, c]));
      expect(byName.get('stack SecretsWarden-dev')).toMatchObject({ status: 'fail', detail: expect.stringContaining('UPDATE_ROLLBACK_COMPLETE (Resource update cancelled)'), fix: expect.stringContaining('describe-stack-events') });
      expect(byName.get('rotation function dev-rotation-random')).toMatchObject({ status: 'fail', fix: expect.stringContaining('npx cdk deploy -c env=dev SecretsWarden-dev') });
      expect(byName.get('rotation function dev-rotation-postgres')).toMatchObject({ status: 'ok' });
    } finally {
      server.functions.set('dev-rotation-random', {});
      server.stacks.set('SecretsWarden-dev', { status: 'UPDATE_COMPLETE', outputs: OUTPUTS });
    }
  });

  it('stops at the wrong account without looking into it, and at missing credentials, each with the fix', async () => {
    const before = server.requests.length;
    const other = await warden(['doctor'], { server, accessKeyId: 'AKIAOTHERACCOUNT0001' });
    expect(other.code).toBe(1);
    expect(other.stdout).toMatch(/^fail +account +your credentials are for 999999999999, environment dev is 111111111111/m);
    expect(other.stdout).toMatch(/fix: Use credentials for 111111111111/);
    expect(server.requests.slice(before).map((r) => `${r.service}:${r.operation}`)).toEqual(['sts:GetCallerIdentity']);

    const none = await warden(['doctor'], { server, env: { AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined } });
    expect(none.code).toBe(1);
    expect(none.stdout).toMatch(/^fail +credentials +no AWS credentials found/m);
    expect(none.stdout).toMatch(/fix: Set AWS_PROFILE or --profile/);
  });

  it('names the refused action when DescribeStacks is denied, and says when the stack is not deployed', async () => {
    const denied = await warden(['doctor'], { server, accessKeyId: 'AKIANODESCRIBESTACKS' });
    expect(denied.code).toBe(1);
    expect(denied.stdout).toMatch(/^fail +stack SecretsWarden-dev +AWS refused cloudformation:DescribeStacks on SecretsWarden-dev/m);
    expect(denied.stdout).toMatch(/fix: Grant cloudformation:DescribeStacks/);

    server.stacks.delete('SecretsWarden-dev');
    try {
      const missing = await warden(['doctor'], { server });
      expect(missing.code).toBe(1);
      expect(missing.stdout).toMatch(/^fail +stack SecretsWarden-dev +not deployed in this account and region/m);
      expect(missing.stdout).toMatch(/fix: Deploy it: `npx cdk deploy -c env=dev SecretsWarden-dev`/);
    } finally {
      server.stacks.set('SecretsWarden-dev', { status: 'UPDATE_COMPLETE', outputs: OUTPUTS });
    }
  });
});
