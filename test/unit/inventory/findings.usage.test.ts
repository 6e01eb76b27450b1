import { describe, expect, it } from 'vitest';
import { context, dateOnlyDaysAgo, daysAgo, daysAhead, record, rule } from './fixtures';

const unused = rule('unused');

describe('unused (90 days; LastAccessedDate is a date without time)', () => {
  it.each([
    ['read yesterday', record({ lastAccessed: dateOnlyDaysAgo(1) }), false],
    ['last read exactly 90 days ago (boundary day)', record({ lastAccessed: dateOnlyDaysAgo(90) }), false],
    ['last read 91 days ago', record({ lastAccessed: dateOnlyDaysAgo(91) }), true],
    ['never read, created 400 days ago', record({ lastAccessed: null }), true],
    ['never read, created 10 days ago (just created)', record({ lastAccessed: null, createdDate: daysAgo(10) }), false],
    ['never read, created an hour ago', record({ lastAccessed: null, createdDate: daysAgo(1 / 24) }), false],
    ['never read, created exactly 90 days ago', record({ lastAccessed: null, createdDate: daysAgo(90) }), false],
    ['never read, creation date unknown', record({ lastAccessed: null, createdDate: null }), true],
    ['never read but scheduled for deletion', record({ lastAccessed: null, deletedDate: daysAhead(7) }), false],
  ])('%s -> unused: %s', (_name, input, expected) => {
    expect(unused.evaluate(input, context()) !== null).toBe(expected);
  });

  it('compares calendar days, whatever the time of day of the scan', () => {
    const lateNow = new Date('2026-06-15T23:59:00.000Z');
    const earlyNow = new Date('2026-06-15T00:01:00.000Z');
    const accessed = '2026-03-17T00:00:00.000Z'; // 90 calendar days before 2026-06-15

    expect(unused.evaluate(record({ lastAccessed: accessed }), context(lateNow))).toBeNull();
    expect(unused.evaluate(record({ lastAccessed: accessed }), context(earlyNow))).toBeNull();
    expect(unused.evaluate(record({ lastAccessed: '2026-03-16T00:00:00.000Z' }), context(earlyNow))).not.toBeNull();
  });

  it('reports the idle days and caps the severity at MEDIUM (hygiene, not exposure)', () => {
    const finding = unused.evaluate(record({ lastAccessed: dateOnlyDaysAgo(120) }), context())!;

    expect(finding.evidence).toMatchObject({ daysSinceAccess: 120, unusedDays: 90 });
    expect(finding.severity).toBe('MEDIUM');
  });
});
