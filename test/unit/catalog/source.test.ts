// Issues point at the line to edit: the key of a map entry, the item of a list, the nearest
// written ancestor of a missing field, the anchored block of a merged or aliased value.
import { describe, expect, it } from 'vitest';
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
