import { Stack, Validations, type PolicyViolation } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { Construct, IConstruct } from 'constructs';

/**
 * Runs cdk-nag's AwsSolutions pack as a CDK validation plugin on every synth. cdk-nag 3 reports
 * through CDK's policy-validation framework: any unacknowledged finding (error or warning) makes
 * the pack's report unsuccessful, which fails `cdk synth` and `app.synth()` (so tests too).
 * Acknowledge a finding with `Validations.of(construct).acknowledge({ id, reason })` on the
 * construct that owns it, never on the stack.
 */
export function applyNag(app: IConstruct): void {
  if (withNag.has(app)) return;
  withNag.add(app);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
}

const withNag = new WeakSet<IConstruct>();

/** Acknowledges cdk-nag findings by their exact id (rule and resource), each with its reason. */
export function acknowledge(construct: IConstruct, reasons: Record<string, string>): void {
  for (const [id, reason] of Object.entries(reasons)) Validations.of(construct).acknowledge({ id, reason });
}

/**
 * `topic.grantPublish(role)`, acknowledging the `kms:GenerateDataKey*` it adds to the role's
 * default policy when the topic is KMS-encrypted.
 */
export function grantPublishToEncryptedTopic(topic: sns.ITopic, role: iam.Role): void {
  topic.grantPublish(role);
  const defaultPolicy = role.node.tryFindChild('DefaultPolicy');
  if (defaultPolicy && topic.masterKey) {
    acknowledge(defaultPolicy, {
      'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]':
        'sns:Publish to a KMS-encrypted topic needs kms:GenerateDataKey* on the topic key (SNS developer guide, "Encryption at rest"); it is granted on that key only.',
    });
  }
}

interface NagFinding {
  readonly rule: string;
  readonly severity: string;
  readonly path: string;
  readonly description: string;
}

/** The unacknowledged AwsSolutions findings under `scope`, one per rule and resource (for tests and reports). */
export function nagFindings(scope: IConstruct): NagFinding[] {
  const report = new AwsSolutionsChecks().validateScope(scope);
  return report.violations.flatMap((v: PolicyViolation) =>
    v.violatingResources.map((r) => ({ rule: v.ruleName, severity: v.severity ?? 'error', path: r.constructPath ?? '?', description: v.description })),
  );
}

/** How cdk-nag writes a resource in a finding id: `<LogicalId.Arn>/prefix/*` for a bucket of the stack. */
export function nagResource(scope: Construct, arn: string): string {
  const resolved = Stack.of(scope).resolve(arn) as unknown;
  if (typeof resolved === 'string') return resolved;
  const parts = (resolved as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join']?.[1] ?? [];
  return parts
    .map((part) => {
      if (typeof part === 'string') return part;
      const getAtt = (part as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt'];
      if (getAtt) return `<${getAtt[0]}.${getAtt[1]}>`;
      const ref = (part as { Ref?: string }).Ref;
      return ref ? `<${ref}>` : JSON.stringify(part);
    })
    .join('');
}
