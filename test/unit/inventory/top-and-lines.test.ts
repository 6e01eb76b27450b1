import { describe, expect, it } from 'vitest';
import { linesOf } from '../../../lambdas/shared/lines';
import { FirstSorted } from '../../../lambdas/inventory/report/top';

describe('first sorted', () => {
  const firstOf = (items: readonly number[], k: number): number[] => {
    const top = new FirstSorted<number>(k, (a, b) => a - b);
    for (const item of items) top.add(item);
    return top.result();
  };

  it('keeps the first k in order out of a long sequence', () => {
    const items = Array.from({ length: 10_000 }, (_, i) => (i * 7919) % 10_000);

    expect(firstOf(items, 5)).toEqual([0, 1, 2, 3, 4]);
    expect(firstOf([3, 1, 2], 10)).toEqual([1, 2, 3]);
    expect(firstOf([3, 1, 2], 0)).toEqual([]);
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
