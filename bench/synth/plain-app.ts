// The comparison for bench:synth: what a user would write without secrets-warden, a plain CDK
// app declaring the same number of secrets (secret, resource policy, rotation schedule), 100 per
// stack, with no catalog, no validation rules, no cdk-nag and no other resources.
import { App, Stack } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';

const count = Number(process.env.BENCH_SECRETS ?? 100);
const app = new App({ builtinCloudFormationValidation: false });
const PER_STACK = 100;
for (let first = 0; first < count; first += PER_STACK) {
  const stack = new Stack(app, `PlainSecrets-${first / PER_STACK + 1}`);
  for (let n = first; n < Math.min(count, first + PER_STACK); n += 1) {
    const secret = new secretsmanager.CfnSecret(stack, `Secret${n}`, { name: `prod/plain-${n}`, generateSecretString: { passwordLength: 32 } });
    new secretsmanager.CfnResourcePolicy(stack, `Policy${n}`, {
      secretId: secret.ref,
      resourcePolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 'secretsmanager:DeleteSecret', Resource: '*' }] },
    });
    new secretsmanager.CfnRotationSchedule(stack, `Rotation${n}`, {
      secretId: secret.ref,
      rotationLambdaArn: `arn:aws:lambda:eu-west-1:111111111111:function:rotate`,
      rotationRules: { scheduleExpression: 'rate(30 days)' },
    });
  }
}
app.synth();
