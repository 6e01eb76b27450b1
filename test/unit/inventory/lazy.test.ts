import { describe, expect, it } from 'vitest';
import { linesOf } from '../../../lambdas/shared/lines';
import { entriesOf, lazyList, lazyRecord } from '../../../lambdas/inventory/core/lazy';
import { firstSorted } from '../../../lambdas/inventory/core/top';

function counted<T>(items: readonly T[]): { list: readonly T[]; starts: () => number } {
  let starts = 0;
  const list = lazyList(items.length, () => {
    starts += 1;
    return items[Symbol.iterator]();
  });
  return { list, starts: () => starts };
}

describe('lazy list', () => {
  it('reads like the array it stands for: JSON, spread, methods, equality', () => {
    const items = [{ a: 1 }, { a: 2 }, { a: 3 }];
    const { list } = counted(items);

    expect(JSON.stringify(list)).toBe(JSON.stringify(items));
    expect([...list]).toEqual(items);
    expect(list.filter((x) => x.a > 1).map((x) => x.a)).toEqual([2, 3]);
    expect(list.find((x) => x.a === 2)).toEqual({ a: 2 });
    expect(list.some((x) => x.a === 4)).toBe(false);
    expect(list).toEqual(items);
    expect(Array.isArray(list)).toBe(true);
    expect(list.length).toBe(3);
    expect(list[3]).toBeUndefined();
  });

  it('walks its source once when read in order, and again only on a jump back', () => {
    const { list, starts } = counted(['a', 'b', 'c']);

    expect(list.join('')).toBe('abc');
    expect(starts()).toBe(1);
    expect(list[0]).toBe('a');
    expect(starts()).toBe(2);
  });

  it('fails loudly when the source yields fewer elements than announced', () => {
    const list = lazyList(2, () => ['only'][Symbol.iterator]());

    expect(() => [...list]).toThrow(/ended at 1 of 2/);
  });

  it('cannot be written to', () => {
    const list = lazyList(1, () => [1][Symbol.iterator]()) as number[];

    expect(() => list.push(2)).toThrow(TypeError);
  });
});

describe('lazy record', () => {
  const entries: [string, string][] = [['x', '1'], ['y', '2']];
  const record = lazyRecord((key) => new Map(entries).get(key), () => entries);

  it('reads like a plain object and streams its entries without listing keys first', () => {
    expect(record.x).toBe('1');
    expect(record.z).toBeUndefined();
    expect('y' in record).toBe(true);
    expect(record).toEqual({ x: '1', y: '2' });
    expect(JSON.parse(JSON.stringify(record))).toEqual({ x: '1', y: '2' });
    expect([...entriesOf(record)]).toEqual(entries);
    expect([...entriesOf({ a: 'b' })]).toEqual([['a', 'b']]);
  });
});

describe('first sorted', () => {
  it('keeps the first k in order out of a long sequence', () => {
    const items = Array.from({ length: 10_000 }, (_, i) => (i * 7919) % 10_000);

    expect(firstSorted(items, 5, (a, b) => a - b)).toEqual([0, 1, 2, 3, 4]);
    expect(firstSorted([3, 1, 2], 10, (a, b) => a - b)).toEqual([1, 2, 3]);
    expect(firstSorted([3, 1, 2], 0, (a, b) => a - b)).toEqual([]);
  });
});

describe('lines of a byte stream', () => {
  async function collect(chunks: (string | Uint8Array)[]): Promise<string[]> {
    const out: string[] = [];
    for await (const line of linesOf((async function* () {
      yield* chunks;
    })())) out.push(line);
    return out;
  }

  it('cuts lines across chunks, multi-byte characters split between chunks included', async () => {
    const bytes = Buffer.from('{"n":"größe"}\n{"n":"✓"}\nlast', 'utf8');
    const chunks = Array.from({ length: bytes.length }, (_, i) => bytes.subarray(i, i + 1));

    expect(await collect(chunks)).toEqual(['{"n":"größe"}', '{"n":"✓"}', 'last']);
  });

  it('yields no trailing empty line and keeps empty lines inside', async () => {
    expect(await collect(['a\n\nb\n'])).toEqual(['a', '', 'b']);
  });

  it('refuses bytes that are not UTF-8', async () => {
    await expect(collect([new Uint8Array([0x61, 0xff, 0x0a])])).rejects.toThrow(TypeError);
  });
});
