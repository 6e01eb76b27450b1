// The trail the CIS monitoring controls and the access audit depend on.

import type { TrailFacts } from '../audit-configuration';
import type { Control, Evaluation, Facts } from '../types';
import { accountResource, compliant, nonCompliant, notApplicable, ref, runbookFor } from './helpers';

const trailEvidence = (t: TrailFacts) => ({
  multiRegion: t.multiRegion,
  isLogging: t.isLogging,
  allManagementEvents: t.allManagementEvents,
  logFileValidation: t.logFileValidation,
  kmsKeyId: t.kmsKeyId,
  homeRegion: t.homeRegion,
  organizationTrail: t.organizationTrail,
});

/**
 * Judges every trail on one setting, `passes`, with the trail's settings as evidence. Per-trail controls
 * have nothing to judge without a trail; CloudTrail.1 reports the missing trail.
 */
function eachTrail(facts: Facts, passes: (t: TrailFacts) => boolean, reasons: { readonly compliant: string; readonly nonCompliant: string }): Evaluation[] {
  const trails = facts.auditConfiguration.trails;
  if (trails.length === 0) return [notApplicable(accountResource(facts), 'CloudTrail', 'no trail exists (CloudTrail.1 reports it)', { trails: 0 })];
  return trails.map((t) => (passes(t) ? compliant(t.arn, t.name, reasons.compliant, trailEvidence(t)) : nonCompliant(t.arn, t.name, reasons.nonCompliant, trailEvidence(t))));
}

/** Security Hub CloudTrail.1: one multi-region trail that logs every management event, so no region is a blind spot. */
export const multiRegionTrail: Control = {
  id: 'CloudTrail.1',
  title: 'CloudTrail should be enabled and configured with at least one multi-Region trail that includes read and write management events',
  severity: 'HIGH',
  references: [ref.securityHub('CloudTrail.1'), ref.config('multi-region-cloudtrail-enabled'), ref.cis('v1.2.0/2.1'), ref.soc2('CC7.2'), ref.iso('A.8.15')],
  remediation: 'Make the trail multi-region, start logging, and record all read and write management events.',
  runbook: runbookFor('CloudTrail.1'),
  evaluate: (facts) => {
    const trails = facts.auditConfiguration.trails;
    if (!trails.some((t) => t.multiRegion)) {
      return [nonCompliant(accountResource(facts), 'CloudTrail', 'no multi-region trail exists', { trails: trails.length, multiRegionTrails: 0 })];
    }
    return trails.map((t) => {
      if (!t.multiRegion) return notApplicable(t.arn, t.name, 'single-region trail; the control is met by a multi-region one', trailEvidence(t));
      if (t.isLogging !== true) return nonCompliant(t.arn, t.name, t.isLogging === null ? 'logging status unknown' : 'the trail is not logging', trailEvidence(t));
      if (t.allManagementEvents !== true) return nonCompliant(t.arn, t.name, 'the trail does not record all read and write management events', trailEvidence(t));
      return compliant(t.arn, t.name, 'multi-region, logging all management events', trailEvidence(t));
    });
  },
};

/** Security Hub CloudTrail.2: with SSE-KMS, reading the logs needs the key too, and every decrypt is itself logged. */
export const trailEncrypted: Control = {
  id: 'CloudTrail.2',
  title: 'CloudTrail should have encryption at rest enabled',
  severity: 'MEDIUM',
  references: [ref.securityHub('CloudTrail.2'), ref.config('cloud-trail-encryption-enabled'), ref.cis('v1.2.0/2.7'), ref.iso('A.8.24'), ref.iso('A.8.15')],
  remediation: 'Set a KMS key on the trail (SSE-KMS) whose policy lets CloudTrail encrypt and the auditors decrypt.',
  runbook: runbookFor('CloudTrail.2'),
  evaluate: (facts) => eachTrail(facts, (t) => t.kmsKeyId !== null, { compliant: 'log files encrypted with KMS', nonCompliant: 'log files are not encrypted with KMS' }),
};

/** Security Hub CloudTrail.4: digest files prove the logs were not edited or deleted after delivery. */
export const trailLogValidation: Control = {
  id: 'CloudTrail.4',
  title: 'CloudTrail log file validation should be enabled',
  severity: 'LOW',
  references: [ref.securityHub('CloudTrail.4'), ref.config('cloud-trail-log-file-validation-enabled'), ref.cis('v1.2.0/2.2'), ref.soc2('CC7.2'), ref.iso('A.8.15')],
  remediation: 'Enable log file validation on the trail (EnableLogFileValidation).',
  runbook: runbookFor('CloudTrail.4'),
  evaluate: (facts) => eachTrail(facts, (t) => t.logFileValidation, { compliant: 'log file validation on', nonCompliant: 'log file validation off' }),
};
