// One copy of each of the few distinct values many objects share (dates of past runs, policy
// facts, tag values): at 500,000 records one string per distinct value instead of one per record.

export class Interner<T> {
  private readonly pool = new Map<string, T>();
  constructor(private readonly limit = 100_000) {}
  intern(key: string, value: T): T {
    const known = this.pool.get(key);
    if (known !== undefined) return known;
    if (this.pool.size < this.limit) this.pool.set(key, value);
    return value;
  }
}
