// Read-only views whose elements are built when read, not held. At 500,000 secrets a scan has about
// a million findings, first-seen dates and ids; held as objects and strings they alone took more
// than half of a 1 GB function's memory. The report keeps its shape (plain arrays and objects to
// every reader, JSON.stringify included) while only the compact per-secret state stays in memory.

/**
 * An array of `length` elements produced in order by `iterate()`. Reading in ascending order (what
 * every Array method and JSON.stringify do) walks the iterator once; a jump backwards restarts it.
 */
export function lazyList<T>(length: number, iterate: () => Iterator<T>): readonly T[] {
  let cursor: Iterator<T> | null = null;
  let position = -1;
  let current: T | undefined;
  const at = (index: number): T | undefined => {
    if (index < 0 || index >= length) return undefined;
    if (cursor === null || index < position) {
      cursor = iterate();
      position = -1;
    }
    while (position < index) {
      const step = cursor.next();
      if (step.done) throw new Error(`lazy list: the source ended at ${position + 1} of ${length} elements`);
      current = step.value;
      position += 1;
    }
    return current;
  };
  const indexOf = (key: string | symbol): number | null => {
    if (typeof key !== 'string' || !/^(0|[1-9]\d*)$/.test(key)) return null;
    return Number(key);
  };
  // The target's own `length` is 0 and writable, which lets the traps report any length.
  return new Proxy([] as T[], {
    get(target, key, receiver) {
      if (key === 'length') return length;
      const index = indexOf(key);
      if (index !== null) return at(index);
      if (key === Symbol.iterator) {
        return function* () {
          for (let i = 0; i < length; i += 1) yield at(i) as T;
        };
      }
      return Reflect.get(target, key, receiver) as unknown;
    },
    has(target, key) {
      const index = indexOf(key);
      return index !== null ? index < length : key === 'length' || Reflect.has(target, key);
    },
    ownKeys() {
      return [...Array.from({ length }, (_, i) => String(i)), 'length'];
    },
    getOwnPropertyDescriptor(_target, key) {
      if (key === 'length') return { value: length, writable: true, enumerable: false, configurable: false };
      const index = indexOf(key);
      if (index !== null && index < length) return { value: at(index), writable: false, enumerable: true, configurable: true };
      return undefined;
    },
    set() {
      return false;
    },
    defineProperty() {
      return false;
    },
    deleteProperty() {
      return false;
    },
  });
}

const ENTRIES = Symbol('entries');

/** A read-only string map whose entries are computed: `lookup` for one key, `entries` for all. */
export function lazyRecord(lookup: (key: string) => string | undefined, entries: () => Iterable<[string, string]>): Readonly<Record<string, string>> {
  return new Proxy({} as Record<string, string>, {
    get(_target, key) {
      if (key === ENTRIES) return entries;
      return typeof key === 'string' ? lookup(key) : undefined;
    },
    has(_target, key) {
      return typeof key === 'string' && lookup(key) !== undefined;
    },
    ownKeys() {
      return Array.from(entries(), ([key]) => key);
    },
    getOwnPropertyDescriptor(_target, key) {
      const value = typeof key === 'string' ? lookup(key) : undefined;
      return value === undefined ? undefined : { value, writable: false, enumerable: true, configurable: true };
    },
    set() {
      return false;
    },
    defineProperty() {
      return false;
    },
    deleteProperty() {
      return false;
    },
  });
}

/**
 * The entries of a map one at a time: a lazy record's without first listing a million keys (which
 * `Object.entries` would), any other object's through `Object.entries`.
 */
export function entriesOf(record: Readonly<Record<string, string>>): Iterable<[string, string]> {
  const lazy = (record as unknown as Record<symbol, unknown>)[ENTRIES] as (() => Iterable<[string, string]>) | undefined;
  return typeof lazy === 'function' ? lazy() : Object.entries(record);
}
