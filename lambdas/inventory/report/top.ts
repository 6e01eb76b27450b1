// The first k of a long sequence in sorted order, holding at most 2k of them at a time: the
// Markdown report and the SNS digest show a few hundred findings out of up to a million.

import type { Finding } from '../../../contract/inventory';
import { severityRank } from '../../shared/checks/severity';

const collator = new Intl.Collator();

/** Most severe first, then by id: the order of the Markdown report and of the digest. */
export function bySeverityThenId(a: Finding, b: Finding): number {
  return severityRank(b.severity) - severityRank(a.severity) || collator.compare(a.id, b.id);
}

export class FirstSorted<T> {
  private kept: T[] = [];
  private worst: T | undefined;
  constructor(private readonly k: number, private readonly compare: (a: T, b: T) => number) {}

  add(item: T): void {
    // Once k are kept, anything after the k-th is out: most of a long list stops here.
    if (this.k <= 0 || (this.worst !== undefined && this.compare(item, this.worst) >= 0)) return;
    this.kept.push(item);
    if (this.kept.length >= 2 * this.k) {
      this.kept = this.kept.sort(this.compare).slice(0, this.k);
      this.worst = this.kept[this.k - 1];
    }
  }

  result(): T[] {
    return this.kept.sort(this.compare).slice(0, this.k);
  }
}
