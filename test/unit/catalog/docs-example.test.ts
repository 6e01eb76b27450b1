// The example in docs/catalog.md is what people copy first: it must load as written.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUILTIN_DEFAULTS, parseCatalog } from '../../../lib/catalog';

const reference = readFileSync('docs/catalog.md', 'utf8');

describe('docs/catalog.md', () => {
  it('has an example that loads and resolves for each of its environments', () => {
    const example = /## Example\n\n```yaml\n([\s\S]*?)```/.exec(reference)?.[1];
    expect(example).toBeDefined();

    const catalog = parseCatalog(example!, 'docs/catalog.md#example');

    expect(catalog.environments.map((environment) => environment.name)).toEqual(['dev', 'prod']);
    expect(catalog.forEnvironment('prod').secrets.map((secret) => secret.kind).sort()).toEqual(['external', 'postgres', 'postgres', 'random']);
  });

  it('states the built-in defaults the loader applies', () => {
    const rows = [
      `\`engine: postgres\`, \`port: ${BUILTIN_DEFAULTS.postgres.port}\`, \`dbname: ${BUILTIN_DEFAULTS.postgres.dbname}\`, \`ssl: ${BUILTIN_DEFAULTS.postgres.ssl}\``,
      `\`length: ${BUILTIN_DEFAULTS.random.length}\`, \`encoding: ${BUILTIN_DEFAULTS.random.encoding}\`, \`key: ${BUILTIN_DEFAULTS.random.key}\``,
      `\`cisFilters: ${BUILTIN_DEFAULTS.audit.cisFilters}\`, \`logRetentionDays: ${BUILTIN_DEFAULTS.audit.logRetentionDays}\``,
      `\`inventory: ${BUILTIN_DEFAULTS.schedules.inventory}\`, \`compliance: ${BUILTIN_DEFAULTS.schedules.compliance}\``,
      `\`days: ${BUILTIN_DEFAULTS.rotation.days}\``,
      Object.entries(BUILTIN_DEFAULTS.inventory).map(([key, value]) => `\`${key}: ${value}\``).join(', '),
    ];

    for (const row of rows) expect(reference).toContain(row);
  });
});
