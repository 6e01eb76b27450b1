// Issues point at the line to edit: the key of a map entry, the item of a list, the nearest
// written ancestor of a missing field, the anchored block of a merged or aliased value.
import { describe, expect, it } from 'vitest';
import { CatalogError } from '../../../lib/catalog/errors';
import { CatalogSource, formatPath } from '../../../lib/catalog/source';

const TEXT = `version: 1
x-readers: &readers
  - arn:aws:iam::111111111111:role/a
secrets:
  - name: a
    rotation:
      days: 30
    readers: *readers
  - { name: b, kind: random }
`;

describe('catalog source positions', () => {
  const source = new CatalogSource('c.yaml', TEXT);

  it('gives the line of a key, of a list item and of a flow mapping entry', () => {
    expect(source.lineOf(['secrets', 0, 'rotation', 'days'])).toBe(7);
    expect(source.lineOf(['secrets', 0])).toBe(5);
    expect(source.lineOf(['secrets', 1, 'kind'])).toBe(9);
  });

  it('gives the nearest written ancestor for a missing field', () => {
    expect(source.has(['secrets', 0, 'owner'])).toBe(false);
    expect(source.lineOf(['secrets', 0, 'owner'])).toBe(5);
    expect(source.lineOf(['secrets', 0, 'rotation', 'hours'])).toBe(6);
  });

  it('follows aliases to the anchored block', () => {
    expect(source.has(['secrets', 0, 'readers', 0])).toBe(true);
    expect(source.lineOf(['secrets', 0, 'readers', 0])).toBe(3);
  });

  it('writes paths the way the catalog reads', () => {
    expect(formatPath(['secrets', 2, 'rotation', 'days'])).toBe('secrets[2].rotation.days');
    expect(formatPath(['environments', 'prod', 'network', 'subnetIds', 0])).toBe('environments.prod.network.subnetIds[0]');
    expect(formatPath(['secrets', 0, 'weird key'])).toBe('secrets[0]["weird key"]');
    expect(formatPath([])).toBe('');
  });
});

describe('catalog aliases', () => {
  const readers = (uses: number) =>
    ['version: 1', 'x-readers: &readers', '  - arn:aws:iam::111111111111:role/a', 'secrets:', ...Array.from({ length: uses }, (_, i) => `  - { name: s${i}, readers: *readers }`)].join('\n');

  it('allows a realistic number of aliases (500 secrets sharing one readers list)', () => {
    const data = new CatalogSource('c.yaml', readers(500)).data() as { secrets: { readers: string[] }[] };

    expect(data.secrets).toHaveLength(500);
    expect(data.secrets[499]!.readers).toEqual(['arn:aws:iam::111111111111:role/a']);
  });

  it('refuses a billion-laughs document with a catalog error naming the file and the line of the alias', () => {
    const levels = ['version: 1', 'l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let i = 1; i <= 9; i += 1) levels.push(`l${i}: &l${i} [${Array.from({ length: 10 }, () => `*l${i - 1}`).join(', ')}]`);
    levels.push('secrets: *l9');

    let error: unknown;
    try {
      new CatalogSource('bomb.yaml', levels.join('\n')).data();
    } catch (caught) {
      error = caught;
    }

    expect(error).toBeInstanceOf(CatalogError);
    const issue = (error as CatalogError).issues[0]!;
    expect(issue).toMatchObject({ file: 'bomb.yaml', line: 12 });
    expect(issue.message).toMatch(/^YAML: aliases expand beyond 10000 nodes \(alias \*l9 expands to about 1\.1e\+9 nodes; .*\); use fewer or less nested aliases/);
    expect((error as Error).message).toContain('bomb.yaml:12: YAML: aliases expand beyond');
  });
});
