import { describe, expect, it } from 'vitest';
import { compileFilterPattern, FilterPatternSyntaxError, matchesFilterPattern } from '../../support/log-filter-pattern';
import { CIS_METRIC_FILTERS } from '../../../contract/cis-patterns';

// Examples from AWS, CloudWatch Logs User Guide, "Filter pattern syntax for metric filters" /
// "Matching terms in JSON log events" (awsdocs/amazon-cloudwatch-logs-user-guide,
// doc_source/FilterAndPatternSyntax.md): the JSON event, each pattern, and whether AWS says it matches.
const trailExample = {
  eventType: 'UpdateTrail',
  sourceIPAddress: '111.111.111.111',
  arrayKey: ['value', 'another value'],
  objectList: [
    { name: 'a', id: 1 },
    { name: 'b', id: 2 },
  ],
  SomeObject: null,
  ThisFlag: true,
};

const compoundExample = {
  user: { id: 1, email: 'John.Stiles@example.com' },
  users: [
    { id: 2, email: 'John.Doe@example.com' },
    { id: 3, email: 'Jane.Doe@example.com' },
  ],
  actions: ['GET', 'PUT', 'DELETE'],
  coordinates: [
    [0, 1, 2],
    [4, 5, 6],
    [7, 8, 9],
  ],
};

describe('CloudWatch Logs JSON filter pattern evaluator, on the examples in AWS documentation', () => {
  it.each([
    '{ $.eventType = "UpdateTrail" }',
    '{ $.sourceIPAddress != 123.123.* }',
    '{ $.arrayKey[0] = "value" }',
    '{ $.objectList[1].id = 2 }',
    '{ $.SomeObject IS NULL }',
    '{ $.SomeOtherObject NOT EXISTS }',
    '{ $.ThisFlag IS TRUE }',
  ])('AWS says %s matches the UpdateTrail example', (pattern) => {
    expect(matchesFilterPattern(pattern, trailExample)).toBe(true);
  });

  it.each([
    ['{ ($.user.id = 1) && ($.users[0].email = "John.Doe@example.com") }', true],
    ['{ ($.user.id = 2 && $.users[0].email = "nonmatch") || $.actions[2] = "GET" }', false],
    ['{ $.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch && $.actions[2] = nomatch }', true],
    ['{ ($.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch) && $.actions[2] = nomatch }', false],
  ])('compound condition %s -> %s (precedence () > && > ||)', (pattern, expected) => {
    expect(matchesFilterPattern(pattern, compoundExample)).toBe(expected);
  });

  it('does not apply a comparison to an array node, with = or with != (AWS: "will fail to match")', () => {
    const event = { users: [1, 2, 3] };

    expect(matchesFilterPattern('{$.users = 1}', event)).toBe(false);
    expect(matchesFilterPattern('{$.users != 1}', event)).toBe(false);
  });

  it('applies OR across JSON conditions as in the foo/bar/baz example', () => {
    const bar = { foo: 'bar' };
    const baz = { foo: 'baz' };

    expect([matchesFilterPattern('{$.foo = bar}', bar), matchesFilterPattern('{$.foo = bar}', baz)]).toEqual([true, false]);
    expect([matchesFilterPattern('{$.foo = baz }', bar), matchesFilterPattern('{$.foo = baz }', baz)]).toEqual([false, true]);
    expect([matchesFilterPattern('{$.foo = bar || $.foo = baz }', bar), matchesFilterPattern('{$.foo = bar || $.foo = baz }', baz)]).toEqual([true, true]);
  });

  it('treats * as a wildcard only at the start or end of a string (*Event, Event*, Ev*ent)', () => {
    expect(matchesFilterPattern('{ $.name = *Event }', { name: 'PutEvent' })).toBe(true);
    expect(matchesFilterPattern('{ $.name = *Event }', { name: 'GetEvent' })).toBe(true);
    expect(matchesFilterPattern('{ $.name = Event* }', { name: 'EventId' })).toBe(true);
    expect(matchesFilterPattern('{ $.name = Event* }', { name: 'EventName' })).toBe(true);
    expect(matchesFilterPattern('{ $.name = Ev*ent }', { name: 'Event' })).toBe(false);
    expect(matchesFilterPattern('{ $.name = "Ev*ent" }', { name: 'Ev*ent' })).toBe(true);
  });

  // The numeric patterns are AWS's; the event they run against is ours (the page gives none).
  it.each([
    ['{ $.latency >= 500 }', true],
    ['{ $.numbers[0] < 10e3 }', true],
    ['{ $.numbers[0] < 10e-3 }', false],
    ['{ $.processes[4].averageRuntime <= 55.5 }', true],
    ['{ $.errorCode = 400 }', true],
    ['{ $.errorCode != 500 }', true],
    ['{ $.latency > +1000 }', false],
  ])('numeric comparison %s -> %s', (pattern, expected) => {
    const event = { latency: 500, numbers: [42], errorCode: 400, processes: [{}, {}, {}, {}, { averageRuntime: 55.5 }] };

    expect(matchesFilterPattern(pattern, event)).toBe(expected);
  });

  it('matches `= *` on any value node and nothing on a missing one', () => {
    expect(matchesFilterPattern('{ $.latency = * }', { latency: 12 })).toBe(true);
    expect(matchesFilterPattern('{ $.latency = * }', { other: 12 })).toBe(false);
  });

  it('treats a comparison on a missing property as false for = and != alike', () => {
    expect(matchesFilterPattern('{ $.errorCode = "AccessDenied" }', {})).toBe(false);
    expect(matchesFilterPattern('{ $.errorCode != "AccessDenied" }', {})).toBe(false);
    expect(matchesFilterPattern('{ $.errorCode NOT EXISTS }', {})).toBe(true);
  });

  it('is case sensitive and reads a JSON string log event; a non-JSON event never matches', () => {
    expect(matchesFilterPattern('{ $.eventName = "deletesecret" }', '{"eventName":"DeleteSecret"}')).toBe(false);
    expect(matchesFilterPattern('{ $.eventName = "DeleteSecret" }', '{"eventName":"DeleteSecret"}')).toBe(true);
    expect(matchesFilterPattern('{ $.eventName = "DeleteSecret" }', 'DeleteSecret happened')).toBe(false);
  });

  it.each(['$.a = 1', '{ $.a = 1', '{ ($.a = 1 }', '{ $.a ~ 1 }', '{ $ = 1 }', '{ $.a = "open }', '{ $.a = 1 } trailing'])(
    'rejects the malformed pattern %s with the position of the problem',
    (pattern) => {
      expect(() => compileFilterPattern(pattern)).toThrow(FilterPatternSyntaxError);
    },
  );

  it('parses every CIS pattern as AWS publishes it (no space after !=, unquoted dotted values)', () => {
    for (const filter of CIS_METRIC_FILTERS) expect(() => compileFilterPattern(filter.pattern), filter.control).not.toThrow();
  });
});
