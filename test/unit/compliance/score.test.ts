import { describe, expect, it } from 'vitest';
import { REGRESSION_RUNBOOK, regressionAlert } from '../../../lambdas/compliance/core/alert';
import { asPreviousReport, buildReport, topRisks } from '../../../lambdas/compliance/core/report';
import { controlStatus, evaluateControl, frameworkScores, score } from '../../../lambdas/compliance/core/score';
import { facts, inventory, secret, controlById } from './facts';

const rotationEnabled = controlById('SecretsManager.1');

const healthy = facts({ inventory: inventory([secret('prod/a'), secret('prod/b')]) });
const noRotation = facts({ inventory: inventory([secret('prod/a'), secret('prod/b', { rotation: { enabled: false } })]) });

describe('control status', () => {
  it.each([
    [{ compliant: 3, nonCompliant: 1, notApplicable: 0 }, 'NON_COMPLIANT'],
    [{ compliant: 3, nonCompliant: 0, notApplicable: 2 }, 'COMPLIANT'],
    [{ compliant: 0, nonCompliant: 0, notApplicable: 2 }, 'NOT_APPLICABLE'],
    [{ compliant: 0, nonCompliant: 0, notApplicable: 1, accepted: 2 }, 'ACCEPTED'],
    [{ compliant: 1, nonCompliant: 0, notApplicable: 0, accepted: 2 }, 'COMPLIANT'],
  ] as const)('%o is %s', (counts, status) => {
    expect(controlStatus(counts)).toBe(status);
  });
});

describe('scores', () => {
  it('is the share of compliant evaluations among those that apply, overall and per framework', () => {
    const report = buildReport(noRotation, 'eu-west-1', null);
    const pci = report.frameworks.find((f) => f.framework === 'PCI DSS v4.0')!;
    const cis = report.frameworks.find((f) => f.framework === 'CIS AWS Foundations Benchmark')!;

    expect(report.score.nonCompliant).toBe(1);
    expect(report.score.score).toBe(Math.round((report.score.compliant / (report.score.compliant + 1)) * 1000) / 10);
    // PCI DSS is cited by SecretsManager.1 and .4, .2 and the plaintext control; the failing rotation counts against it.
    expect(pci.nonCompliant).toBe(1);
    expect(pci.score).toBeLessThan(100);
    // CIS controls do not cite PCI DSS, and nothing failing cites CIS.
    expect(cis.score).toBe(100);
  });

  it('is null for a framework with no applicable evaluation', () => {
    expect(score([])).toEqual({ score: null, compliant: 0, nonCompliant: 0, notApplicable: 0, accepted: 0 });
    expect(frameworkScores([]).every((f) => f.score === null && f.controls === 0)).toBe(true);
  });
});

describe('trend against the previous report', () => {
  const previous = asPreviousReport(JSON.parse(JSON.stringify(buildReport(healthy, 'eu-west-1', null))));

  it('lists a control compliant last time and failing now as a regression, with the failing resources', () => {
    const report = buildReport(noRotation, 'eu-west-1', previous);

    expect(report.trend!.regressions).toEqual([{ control: 'SecretsManager.1', title: expect.any(String), resources: ['prod/b'], failingResources: 1, runbook: 'docs/runbooks.md#compliance-secretsmanager-1' }]);
    expect(report.trend!.scoreDelta).toBeLessThan(0);
  });

  it('lists a control failing last time and compliant now as an improvement', () => {
    const failedBefore = asPreviousReport(JSON.parse(JSON.stringify(buildReport(noRotation, 'eu-west-1', null))));

    const report = buildReport(healthy, 'eu-west-1', failedBefore);

    expect(report.trend!.improvements).toEqual(['SecretsManager.1']);
    expect(report.trend!.regressions).toEqual([]);
  });

  it('has no trend without a previous report, or with one of another major schema version', () => {
    expect(buildReport(healthy, 'eu-west-1', null).trend).toBeNull();
    expect(asPreviousReport({ ...JSON.parse(JSON.stringify(buildReport(healthy, 'eu-west-1', null))), schemaVersion: '2.0' })).toBeNull();
    expect(asPreviousReport('garbage')).toBeNull();
  });
});

describe('top risks', () => {
  it('puts the most severe failing control first, then the one failing on most resources', () => {
    const given = facts({
      inventory: inventory([
        secret('prod/a', { rotation: { enabled: false }, kms: { customerManaged: false } }),
        secret('prod/b', { rotation: { enabled: false }, policy: { public: true } }),
      ]),
    });

    const risks = buildReport(given, 'eu-west-1', null).topRisks;

    expect(risks.map((r) => r.control)).toEqual(['secret-policy-not-public', 'SecretsManager.1', 'secretsmanager-using-cmk']);
    expect(risks[1]).toMatchObject({ failingResources: 2, examples: ['prod/a', 'prod/b'], runbook: 'docs/runbooks.md#compliance-secretsmanager-1' });
  });

  it('keeps at most ten', () => {
    const many = Array.from({ length: 15 }, (_, i) => ({
      id: `c${i}`, title: 't', severity: 'LOW' as const, references: [], status: 'NON_COMPLIANT' as const,
      counts: { compliant: 0, nonCompliant: 1, notApplicable: 0 }, remediation: 'r', runbook: 'docs/runbooks.md#x',
      evaluations: [{ resource: 'r', resourceName: 'r', status: 'NON_COMPLIANT' as const, reason: 'x', evidence: {} }],
      omittedEvaluations: 0,
    }));

    expect(topRisks(many)).toHaveLength(10);
  });
});

describe('regression alert', () => {
  const previous = asPreviousReport(JSON.parse(JSON.stringify(buildReport(healthy, 'eu-west-1', null))));

  it('names the environment, the control, the resources and the runbook sections', () => {
    const alert = regressionAlert(buildReport(noRotation, 'eu-west-1', previous), 'compliance/2026-11-21T06:00:00.000Z.html')!;

    expect(alert.subject).toBe('[secrets-warden prod] 1 compliance control(s) regressed');
    expect(alert.message).toContain('Environment: prod');
    expect(alert.message).toContain('Control SecretsManager.1');
    expect(alert.message).toContain('Resources (1): prod/b');
    expect(alert.message).toContain('docs/runbooks.md#compliance-secretsmanager-1');
    expect(alert.message).toContain(REGRESSION_RUNBOOK);
  });

  it('is not sent when nothing regressed, even if controls still fail', () => {
    const failedBefore = asPreviousReport(JSON.parse(JSON.stringify(buildReport(noRotation, 'eu-west-1', null))));

    expect(regressionAlert(buildReport(noRotation, 'eu-west-1', failedBefore), 'k')).toBeNull();
    expect(regressionAlert(buildReport(noRotation, 'eu-west-1', null), 'k')).toBeNull();
  });

  it('keeps the SNS subject within 100 printable ASCII characters', () => {
    const report = { ...buildReport(noRotation, 'eu-west-1', previous), environment: 'ünïcode-'.repeat(20) };

    const alert = regressionAlert(report, 'k')!;

    expect(alert.subject.length).toBeLessThanOrEqual(100);
    expect(alert.subject).toMatch(/^[\x20-\x7e]+$/);
  });
});

describe('listing evaluations', () => {
  it('counts every evaluation but lists failing ones first, up to the cap', () => {
    const secrets = Array.from({ length: 30 }, (_, i) => secret(`prod/s${String(i).padStart(2, '0')}`, { rotation: { enabled: i % 3 !== 0 } }));
    const evaluations = rotationEnabled.evaluate(facts({ inventory: inventory(secrets) }));

    const result = evaluateControl(rotationEnabled, evaluations, 12);

    expect(result.counts).toEqual({ compliant: 20, nonCompliant: 10, notApplicable: 0, accepted: 0 });
    expect(result.evaluations).toHaveLength(12);
    expect(result.evaluations.slice(0, 10).every((e) => e.status === 'NON_COMPLIANT')).toBe(true);
    expect(result.evaluations[0]!.resourceName).toBe('prod/s00');
    expect(result.omittedEvaluations).toBe(18);
  });

  it('tells the alert how many resources fail even when only some are listed', () => {
    const secrets = Array.from({ length: 30 }, (_, i) => secret(`prod/s${i}`));
    const before = asPreviousReport(JSON.parse(JSON.stringify(buildReport(facts({ inventory: inventory(secrets) }), 'eu-west-1', null))));
    const after = buildReport(facts({ inventory: inventory(secrets.map((s) => ({ ...s, rotation: { ...s.rotation, enabled: false } }))) }), 'eu-west-1', before);

    const alert = regressionAlert(after, 'k')!;

    expect(alert.message).toContain('Resources (30): prod/s0, prod/s1');
    expect(alert.message).toContain(', and 10 more');
  });
});
