// A report exercising every section: failing controls, a trend with a regression, top risks and an
// access audit; the hostile names are where an injection would try to get in.

import { aggregateAccess } from '../../../lambdas/compliance/core/access-audit';
import { parseAccessEvent } from '../../../lambdas/compliance/core/access-events';
import { asPreviousReport, buildReport, type ComplianceReport } from '../../../lambdas/compliance/core/report';
import { trailRecord } from '../../support/compliance-doubles';
import { NOW, READER, catalog, facts, inventory, secret } from './facts';

export const HOSTILE_SECRET = '<script>alert(1)</script>';
export const HOSTILE_PRINCIPAL = 'arn:aws:iam::111111111111:role/"><img src=x onerror=alert(2)>';

export function richReport(): ComplianceReport {
  const hostile = secret(HOSTILE_SECRET, { rotation: { enabled: false }, policy: { public: true } });
  const secrets = [secret('prod/orders-db'), hostile];
  const period = { start: new Date(NOW.getTime() - 7 * 86_400_000), end: NOW };
  const events = [
    trailRecord({ eventName: 'GetSecretValue', time: new Date(NOW.getTime() - 60_000), roleArn: READER, secretId: 'prod/orders-db' }),
    trailRecord({ eventName: 'GetSecretValue', time: new Date(NOW.getTime() - 120_000), userIdentity: { type: 'IAMUser', arn: HOSTILE_PRINCIPAL }, secretId: HOSTILE_SECRET }),
  ].map((r) => parseAccessEvent(JSON.stringify(r))!);
  const summary = catalog({ readers: { 'prod/orders-db': [READER], [HOSTILE_SECRET]: [READER] } });
  const accessAudit = aggregateAccess(
    { events, eventsRead: 2, unparsableEvents: 0, requests: 1, throttledRequests: 0, truncated: true, truncatedReason: 'time-budget', error: '<script>alert(3)</script>' },
    period,
    summary,
    secrets,
  );
  const previous = asPreviousReport(JSON.parse(JSON.stringify(buildReport(facts({ catalog: summary }), 'eu-west-1', null))));
  return buildReport(facts({ catalog: summary, inventory: inventory(secrets), accessAudit }), 'eu-west-1', previous);
}
