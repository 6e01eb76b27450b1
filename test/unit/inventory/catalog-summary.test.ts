import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../lib/catalog';
import { lambdaEntry } from '../../../lib/constructs/warden-function';
import { buildCatalogSummary } from '../../../lib/catalog/summary';

const catalog = loadCatalog(lambdaEntry('config/secrets.yaml'));

describe('catalog summary for the inventory', () => {
  it.each(['dev', 'staging', 'prod'])('names every managed secret of %s as stored in Secrets Manager, with its settings', (env) => {
    const summary = buildCatalogSummary(catalog, env);
    const view = catalog.forEnvironment(env);

    expect(summary.environment).toBe(env);
    expect(summary.environments).toEqual(['dev', 'staging', 'prod']);
    expect(summary.settings).toEqual(view.environment.inventory);
    expect(summary.secrets.map((s) => s.name).sort()).toEqual(view.secrets.map((s) => `${env}/${s.name}`).sort());
    for (const secret of summary.secrets) {
      const entry = view.secrets.find((s) => `${env}/${s.name}` === secret.name)!;
      expect(secret).toMatchObject({ classification: entry.classification, owner: entry.owner, kind: entry.kind });
      expect(secret.rotateBy).toBe(entry.kind === 'external' ? entry.external.rotateBy : null);
      expect(secret.rotationDays === null).toBe(entry.kind === 'external');
    }
  });

  it('lists the readers (and admin role) of every environment, so that a reader of another one is recognised', () => {
    const summary = buildCatalogSummary(catalog, 'prod');

    for (const environment of catalog.environments) {
      const readers = catalog.forEnvironment(environment.name).secrets.flatMap((s) => s.readers);
      expect(summary.readersByEnvironment[environment.name]).toEqual(expect.arrayContaining(readers));
      if (environment.adminRoleArn) expect(summary.readersByEnvironment[environment.name]).toContain(environment.adminRoleArn);
    }
  });

  it('holds no secret value, only names and settings (it ships in the function bundle)', () => {
    const text = JSON.stringify(buildCatalogSummary(catalog, 'prod'));

    expect(text).not.toMatch(/"(password|secretString|value)"/i);
  });

  it('refuses an unknown environment', () => {
    expect(() => buildCatalogSummary(catalog, 'nope')).toThrow();
  });
});
