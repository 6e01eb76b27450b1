// The catalog text with positions: maps a field path (`secrets[2].rotation.days`) back to the
// line it is written on, so every issue points at the line to edit.
import { LineCounter, isAlias, isCollection, isMap, isScalar, isSeq, parseDocument, visit, type Alias, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import { CatalogError, type CatalogIssue } from './errors';

export type FieldPath = readonly (string | number)[];

const PLAIN_KEY = /^[A-Za-z_$][\w$-]*$/;

/**
 * Aliases the catalog may expand (the `yaml` package's maxAliasCount, whose default of 100 a
 * catalog sharing a readers list or a settings block across many secrets exceeds). A
 * billion-laughs document expands exponentially and passes this bound within a few levels, so it
 * is still refused before any expansion work of note.
 */
export const MAX_ALIAS_COUNT = 10_000;

/** `['secrets', 2, 'rotation', 'days']` -> `secrets[2].rotation.days` */
export function formatPath(path: FieldPath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}

export class CatalogSource {
  private readonly lineCounter = new LineCounter();
  private readonly document: Document;

  constructor(
    readonly file: string,
    text: string,
  ) {
    // prettyErrors off: the issue list carries file:line itself; the default adds a code excerpt.
    // merge: `<<: *base` merge keys (YAML 1.1), so entries can share a block of settings.
    this.document = parseDocument(text, { lineCounter: this.lineCounter, prettyErrors: false, uniqueKeys: true, merge: true });
  }

  /** YAML syntax errors (duplicate keys, bad indentation, ...): the data cannot be trusted when any. */
  syntaxIssues(): CatalogIssue[] {
    return this.document.errors.map((error) => ({
      file: this.file,
      line: this.lineCounter.linePos(error.pos[0]).line,
      path: '',
      message: `YAML: ${error.message.split('\n')[0]}`,
    }));
  }

  /** The document as plain data; a CatalogError naming the line of the alias that expands too far. */
  data(): unknown {
    try {
      return this.document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (cause) {
      if (!(cause instanceof ReferenceError)) throw cause;
      const worst = this.largestAlias();
      const line = worst ? this.lineCounter.linePos(rangeStart(worst.alias) ?? 0).line : 1;
      const what = worst ? `alias *${worst.alias.source} expands to about ${worst.expansions.toExponential(1)} nodes; ` : '';
      const message = `YAML: aliases expand beyond ${MAX_ALIAS_COUNT} nodes (${what}a document built to exhaust memory is refused); use fewer or less nested aliases`;
      throw new CatalogError(this.file, [{ file: this.file, line, path: '', message }], { cause });
    }
  }

  /** The alias whose expansion is largest, counting the aliases nested in what it points at. */
  private largestAlias(): { alias: Alias; expansions: number } | undefined {
    const memo = new Map<unknown, number>();
    const expansions = (node: unknown, depth: number): number => {
      if (depth > 1000) return Infinity;
      if (isAlias(node)) {
        const target = node.resolve(this.document);
        if (!memo.has(target)) memo.set(target, expansions(target, depth + 1));
        return 1 + memo.get(target)!;
      }
      if (!isCollection(node)) return 0;
      let total = 0;
      for (const item of node.items) total += isScalar(item) || isAlias(item) || isCollection(item) ? expansions(item, depth + 1) : expansions((item as Pair).key, depth + 1) + expansions((item as Pair).value, depth + 1);
      return total;
    };
    let worst: { alias: Alias; expansions: number } | undefined;
    visit(this.document, {
      Alias: (_key, alias) => {
        const count = expansions(alias, 0);
        if (!worst || count > worst.expansions) worst = { alias, expansions: count };
      },
    });
    return worst;
  }

  /** True when the path is written in the file (through aliases too). */
  has(path: FieldPath): boolean {
    return this.walk(path).depth === path.length;
  }

  /**
   * Line of the field at `path`: the line of its key for a map entry, of the item for a list
   * element. When the path does not exist (a missing key), the line of its nearest ancestor.
   */
  lineOf(path: FieldPath): number {
    const { offset } = this.walk(path);
    return offset === undefined ? 1 : this.lineCounter.linePos(offset).line;
  }

  issue(path: FieldPath, message: string): CatalogIssue {
    return { file: this.file, line: this.lineOf(path), path: formatPath(path), message };
  }

  /** The entry for `key`, written in the map itself or brought in by a `<<: *anchor` merge key. */
  private findPair(map: MapNode, key: string, depth = 0): Pair<unknown, unknown> | undefined {
    const own = map.items.find((item) => isScalar(item.key) && String(item.key.value) === key);
    if (own || depth > 10) return own;
    // With `merge: true` the parser keys a merge entry by a symbol, not by the string '<<'.
    const merge = map.items.find((item) => isScalar(item.key) && (typeof item.key.value === 'symbol' || item.key.value === '<<'));
    const sources = isSeq(merge?.value) ? merge.value.items : [merge?.value];
    for (const source of sources) {
      const target = isAlias(source) ? source.resolve(this.document) : source;
      const found = isMap(target) ? this.findPair(target, key, depth + 1) : undefined;
      if (found) return found;
    }
    return undefined;
  }

  private walk(path: FieldPath): { depth: number; offset: number | undefined } {
    let node: unknown = this.document.contents;
    let offset = rangeStart(node);
    let depth = 0;
    for (const segment of path) {
      if (isAlias(node)) node = node.resolve(this.document);
      let next: unknown;
      let nextOffset: number | undefined;
      if (isMap(node)) {
        const pair = this.findPair(node, String(segment));
        if (pair) {
          next = pair.value;
          nextOffset = rangeStart(pair.key) ?? rangeStart(pair.value);
        }
      } else if (isSeq(node) && typeof segment === 'number') {
        next = node.items[segment];
        nextOffset = rangeStart(next);
      }
      if (nextOffset === undefined && next === undefined) break;
      node = next;
      offset = nextOffset ?? offset;
      depth += 1;
    }
    return { depth, offset };
  }
}

type MapNode = YAMLMap<unknown, unknown>;

function rangeStart(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? range[0] : undefined;
}
