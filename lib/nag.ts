import { Validations, type PolicyViolation } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';

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

export interface NagFinding {
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
