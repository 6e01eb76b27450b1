// With the catalog's runbookBaseUrl, every alarm description, every rotation-failure alert text and
// the dashboard link `<runbookBaseUrl>#<section>`, and each section exists in docs/runbooks.md (read
// from its headings). One synth for the file.
import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../lib/catalog/types';
import { linkedAnchors, runbookAnchors } from '../support/runbook-anchors';
import { CATALOG } from './fixtures/catalogs';
import { stacksFor } from './support';

const BASE = 'https://wiki.example.com/platform/secrets-warden/runbooks';

/** The hand-built catalog with a base URL for prod only. */
const withBase: Catalog = {
  environments: CATALOG.environments,
  forEnvironment(name) {
    const view = CATALOG.forEnvironment(name);
    return name === 'prod' ? { ...view, environment: { ...view.environment, runbookBaseUrl: BASE } } : view;
  },
};

const built = stacksFor(['prod', 'dev'], withBase);
const prod = built.get('prod')!.template;
const dev = built.get('dev')!.template;
const anchors = runbookAnchors();

/** A CloudFormation value as text: Fn::Join parts are concatenated, other tokens shown as {…}. */
function text(value: unknown): string {
  if (typeof value === 'string') return value;
  const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (join) return join[1].map(text).join(join[0]);
  return '{token}';
}

const descriptions = (template: typeof prod) =>
  Object.entries(template.findResources('AWS::CloudWatch::Alarm')).map(([id, r]) => [id, text(r.Properties.AlarmDescription)] as const);

describe('runbook links in the synthesized prod stack', () => {
  const alarms = descriptions(prod);

  it('covers every alarm family: secrets audit, CIS, function errors, throttles and duration', () => {
    const linked = new Set(alarms.flatMap(([, d]) => linkedAnchors(d, BASE)));

    for (const anchor of ['secret-access-denied', 'secret-value-written-outside-rotation', 'cis-cloudwatch-1', 'cis-cloudwatch-14', 'function-errors', 'function-throttles', 'function-duration-near-timeout']) {
      expect(linked).toContain(anchor);
    }
    expect(alarms).toHaveLength(built.get('prod')!.stack.alarms.length);
  });

  it('every alarm description links one existing docs/runbooks.md section under the base URL, names the environment and fits CloudWatch', () => {
    for (const [id, description] of alarms) {
      const linked = linkedAnchors(description, BASE);
      expect(linked, `${id}: ${description}`).toHaveLength(1);
      expect(anchors, `${id} links #${linked[0]}`).toContain(linked[0]);
      expect(description, id).toContain('[secrets-warden prod]');
      expect(description.length, id).toBeLessThanOrEqual(1024);
    }
  });

  it('every rotation-failure alert names the secret and the event and links its section under the base URL', () => {
    const rules = Object.values(prod.findResources('AWS::Events::Rule'));
    const inputs = rules.flatMap((r) =>
      (r.Properties.Targets as { InputTransformer?: { InputTemplate: unknown } }[]).flatMap((t) => (t.InputTransformer ? [text(t.InputTransformer.InputTemplate)] : [])),
    );
    expect(inputs).toHaveLength(3);
    for (const input of inputs) {
      expect(input).toContain('Secret: <');
      const linked = linkedAnchors(input, BASE);
      expect(linked).toHaveLength(1);
      expect(anchors).toContain(linked[0]);
    }
  });

  it('the dashboard\'s text links runbook sections that exist', () => {
    const [dashboard] = Object.values(prod.findResources('AWS::CloudWatch::Dashboard'));
    const body = text(dashboard!.Properties.DashboardBody);
    const linked = linkedAnchors(body, BASE);
    expect(linked.length).toBeGreaterThan(0);
    for (const anchor of linked) expect(anchors).toContain(anchor);
  });

  it('the functions get the base URL in their catalog summary, not a second setting', () => {
    expect(JSON.stringify(prod.toJSON())).not.toContain('RUNBOOK_BASE_URL');
  });
});

describe('an environment without runbookBaseUrl', () => {
  it('names docs/runbooks.md#<section> in every alarm, as before', () => {
    for (const [id, description] of descriptions(dev)) {
      expect(description, id).toMatch(/Runbook: docs\/runbooks\.md#[a-z0-9-]+$/);
      expect(anchors).toContain(description.split('#').at(-1));
      expect(description).not.toContain(BASE);
    }
  });
});
