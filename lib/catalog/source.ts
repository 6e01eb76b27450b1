// The catalog text with positions: maps a field path (`secrets[2].rotation.days`) back to the
// line it is written on, so every issue points at the line to edit.
import { LineCounter, isAlias, isCollection, isMap, isScalar, isSeq, parseDocument, visit, type Alias, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import { CatalogError, type CatalogIssue } from './errors';

export type FieldPath = readonly (string | number)[];

const PLAIN_KEY = /^[A-Za-z_$][\w$-]*$/;
/** A name the schema accepts (catalog.schema.json, secretName): only such names label a secret in paths. */
const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,256}$/;

/**
 * Aliases the catalog may expand (the `yaml` package's maxAliasCount, whose default of 100 a
 * catalog sharing a readers list or a settings block across many secrets exceeds). A
 * billion-laughs document expands exponentially and passes this bound within a few levels, so it
 * is still refused before any expansion work of note.
 */
const MAX_ALIAS_COUNT = 10_000;

/**
 * `['secrets', 2, 'rotation', 'days']` -> `secrets[2].rotation.days`, or with `secretLabel`
 * naming secrets[2] `payments/db-app`: `secrets[payments/db-app].rotation.days`.
 */
export function formatPath(path: FieldPath, secretLabel?: (index: number) => string | undefined): string {
  let text = '';
  for (const [position, segment] of path.entries()) {
    const label = position === 1 && path[0] === 'secrets' && typeof segment === 'number' ? secretLabel?.(segment) : undefined;
    if (label !== undefined) text += `[${label}]`;
    else if (typeof segment === 'number') text += `[${segment}]`;
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
    private readonly text: string,
  ) {
    // prettyErrors off: the issue list carries file:line itself; the default adds a code excerpt.
    // merge: `<<: *base` merge keys (YAML 1.1), so entries can share a block of settings.
    // uniqueKeys off: the parser's own check compares every key with every other of its map
    // (quadratic: minutes for a 5 MB map of junk); duplicateKeyErrors does the same in one pass.
    this.document = parseDocument(text, { lineCounter: this.lineCounter, prettyErrors: false, uniqueKeys: false, merge: true });
  }

  /**
   * YAML syntax errors (duplicate keys, bad indentation, ...): the data cannot be trusted when any.
   * Only the first is reported, with its line, column and a hint: the parser's later errors are
   * mostly echoes of the first (an unquoted `{account}` in a flow list gives six), and a file of
   * junk would give thousands.
   */
  syntaxIssues(): CatalogIssue[] {
    const errors = [...this.document.errors, ...this.duplicateKeyErrors()].sort((a, b) => a.pos[0] - b.pos[0]);
    const first = errors[0];
    if (!first) return [];
    const { line, col } = this.lineCounter.linePos(first.pos[0]);
    const more = errors.length > 1 ? ` (${errors.length - 1} more YAML error${errors.length > 2 ? 's' : ''} follow, most likely caused by this one)` : '';
    const hint = syntaxHint(this.lineText(line));
    return [
      {
        file: this.file,
        line,
        path: '',
        message: `YAML syntax error at column ${col}: ${truncate(first.message.split('\n')[0]!, 200)}${hint ? `; ${hint}` : ''}${more}`,
      },
    ];
  }

  /** A key written twice in one map (YAML requires unique keys), at the second occurrence. */
  private duplicateKeyErrors(): { pos: [number, number]; message: string }[] {
    const found: { pos: [number, number]; message: string }[] = [];
    visit(this.document, {
      Map: (_key, map) => {
        const seen = new Set<string>();
        for (const item of map.items) {
          if (!isScalar(item.key) || typeof item.key.value === 'symbol') continue;
          const key = String(item.key.value);
          if (seen.has(key)) found.push({ pos: [rangeStart(item.key) ?? 0, rangeStart(item.key) ?? 0], message: `Map keys must be unique ("${truncate(key, 60)}" is written twice)` });
          seen.add(key);
        }
      },
    });
    return found;
  }

  private lineText(line: number): string {
    const starts = this.lineCounter.lineStarts;
    return this.text.slice(starts[line - 1] ?? 0, starts[line] ?? this.text.length);
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

  /** An issue at `path`; a secret is named by its name (`secrets[payments/db-app]`) when that is unambiguous. */
  issue(path: FieldPath, message: string): CatalogIssue {
    return { file: this.file, line: this.lineOf(path), path: formatPath(path, this.secretLabel), message: truncate(message, 500) };
  }

  private labels?: Map<number, string>;

  /** `payments/db-app` for secrets[i] when its name is a string no other secret has. */
  private readonly secretLabel = (index: number): string | undefined => {
    if (!this.labels) {
      const names: unknown[] = [];
      const list = this.document.get('secrets');
      if (isSeq(list)) for (const item of list.items) names.push(isMap(item) ? item.get('name') : undefined);
      const counts = new Map<unknown, number>();
      for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1);
      this.labels = new Map(
        names.flatMap((name, position): [number, string][] =>
          typeof name === 'string' && SECRET_NAME.test(name) && counts.get(name) === 1 ? [[position, name]] : [],
        ),
      );
    }
    return this.labels.get(index);
  };

  /** The entry for `key`, written in the map itself or brought in by a `<<: *anchor` merge key. */
  /** Each map's entries by key, built on first lookup: locating thousands of issues stays linear. */
  private readonly keyIndex = new WeakMap<MapNode, Map<string, Pair<unknown, unknown>>>();

  private findPair(map: MapNode, key: string, depth = 0): Pair<unknown, unknown> | undefined {
    let index = this.keyIndex.get(map);
    if (!index) {
      index = new Map();
      for (const item of map.items) {
        if (isScalar(item.key) && typeof item.key.value !== 'symbol' && !index.has(String(item.key.value))) index.set(String(item.key.value), item);
      }
      this.keyIndex.set(map, index);
    }
    const own = index.get(key);
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

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

/** What usually causes a syntax error on this line, in words a catalog author can act on. */
function syntaxHint(line: string): string | undefined {
  // `readers: [arn:aws:iam::{account}:role/x]`: inside a flow list `{` opens a mapping.
  if (/\[[^\]'"]*\{(account|env)\}/.test(line)) {
    return 'quote the ARN ("arn:aws:iam::{account}:role/...") or write the list one item per line: inside [ ] an unquoted { starts a mapping';
  }
  if (/^\s*\t/.test(line)) return 'indent with spaces, not tabs';
  if (/:\s*[^'"\s][^#]*:\s/.test(line)) return 'quote a value that contains ": "';
  return undefined;
}
