import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cisFilterDefinitions } from '../../../lib/audit/cis-filters';
import { MAX_FILTER_PATTERN_LENGTH } from '../../../lib/audit/filter-definition';
import { secretsFilterDefinitions } from '../../../lib/audit/secrets-filters';
import { compileFilterPattern } from '../../support/log-filter-pattern';

// Every metric filter this project deploys, run against recorded-shape CloudTrail events in
// test/fixtures/cloudtrail/<filter short name>.json: each file holds events that must match and
// near misses (same service, similar call) that must not.

const FIXTURES = fileURLToPath(new URL('../../fixtures/cloudtrail/', import.meta.url));

interface Case {
  readonly why: string;
  readonly event: Record<string, unknown>;
}
interface FilterFixture {
  readonly filter: string;
  readonly mustMatch: readonly Case[];
  readonly nearMiss: readonly Case[];
}

const scope = JSON.parse(readFileSync(`${FIXTURES}scope.json`, 'utf8')) as {
  environmentName: string;
  secretsKeyArn: string;
  automationRoleArns: string[];
};
const definitions = [...cisFilterDefinitions(), ...secretsFilterDefinitions(scope)];
const fixtureFiles = readdirSync(FIXTURES).filter((f) => f.endsWith('.json') && f !== 'scope.json');

function fixtureOf(shortName: string): FilterFixture {
  return JSON.parse(readFileSync(`${FIXTURES}${shortName}.json`, 'utf8')) as FilterFixture;
}

describe('metric filter patterns against recorded CloudTrail events', () => {
  it('has one fixture file per deployed filter, and no orphan fixture', () => {
    expect(fixtureFiles.map((f) => f.replace(/\.json$/, '')).sort()).toEqual(definitions.map((d) => d.shortName).sort());
  });

  describe.each(definitions.map((d) => [d.shortName, d] as const))('%s', (shortName, definition) => {
    const fixture = fixtureOf(shortName);
    const filter = compileFilterPattern(definition.pattern);

    it('has at least one event that must match and one near miss', () => {
      expect(fixture.mustMatch.length).toBeGreaterThanOrEqual(1);
      expect(fixture.nearMiss.length).toBeGreaterThanOrEqual(1);
    });

    it.each(fixture.mustMatch.map((c) => [c.why, c.event] as const))('matches: %s', (_why, event) => {
      expect(filter.matches(JSON.stringify(event))).toBe(true);
    });

    it.each(fixture.nearMiss.map((c) => [c.why, c.event] as const))('does not match: %s', (_why, event) => {
      expect(filter.matches(JSON.stringify(event))).toBe(false);
    });

    it(`fits CloudWatch Logs' ${MAX_FILTER_PATTERN_LENGTH}-character pattern limit`, () => {
      expect(definition.pattern.length).toBeLessThanOrEqual(MAX_FILTER_PATTERN_LENGTH);
    });
  });
});
