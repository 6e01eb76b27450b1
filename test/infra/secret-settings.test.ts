// The pure translations from catalog settings to CloudFormation properties: rotation rules,
// first-value generation per encoding, and tags.
import { describe, expect, it } from 'vitest';
import type { SecretEntry } from '../../lib/catalog/types';
import { randomGenerateOptions, rotationDaysTag, secretTags } from '../../lib/constructs/managed-secret';
import { rotationRules } from '../../lib/constructs/secret-rotation';

describe('rotationRules', () => {
  it('turns days into a rate of days, one day singular as EventBridge and Secrets Manager write it', () => {
    expect(rotationRules({ days: 30 })).toEqual({ scheduleExpression: 'rate(30 days)' });
    expect(rotationRules({ days: 1 })).toEqual({ scheduleExpression: 'rate(1 day)' });
  });

  it('turns hours into a rate of hours, down to the four-hour minimum', () => {
    expect(rotationRules({ hours: 4 })).toEqual({ scheduleExpression: 'rate(4 hours)' });
  });

  it('keeps a window: the catalog expression wins over the interval, and the duration is passed through', () => {
    expect(rotationRules({ days: 7, scheduleExpression: 'cron(0 2 ? * SUN *)', duration: '3h' })).toEqual({
      scheduleExpression: 'cron(0 2 ? * SUN *)',
      duration: '3h',
    });
    expect(rotationRules({ hours: 12, duration: '2h' })).toEqual({ scheduleExpression: 'rate(12 hours)', duration: '2h' });
  });
});

describe('randomGenerateOptions', () => {
  const PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';

  it('generates hex with digits and a-f only', () => {
    const options = randomGenerateOptions({ length: 64, encoding: 'hex', key: 'k' });

    expect(options).toMatchObject({ excludePunctuation: true, excludeUppercase: true, passwordLength: 64, generateStringKey: 'k', secretStringTemplate: '{}' });
    const allowedLetters = 'abcdefghijklmnopqrstuvwxyz'.split('').filter((c) => !options.excludeCharacters!.includes(c));
    expect(allowedLetters.join('')).toBe('abcdef');
  });

  it('generates base64url with letters, digits, - and _ only', () => {
    const options = randomGenerateOptions({ length: 43, encoding: 'base64url', key: 'k' });
    const allowedPunctuation = PUNCTUATION.split('').filter((c) => !options.excludeCharacters!.includes(c));

    expect(allowedPunctuation.join('')).toBe('-_');
    expect(options.excludePunctuation).toBeUndefined();
  });

  it('generates alphanumeric without punctuation and printable with it', () => {
    expect(randomGenerateOptions({ length: 32, encoding: 'alphanumeric', key: 'k' })).toMatchObject({ excludePunctuation: true });
    expect(randomGenerateOptions({ length: 32, encoding: 'printable', key: 'k' }).excludePunctuation).toBeUndefined();
  });
});

describe('secret tags', () => {
  const base = { classification: 'high', owner: 'team-a', description: 'd', readers: [] } as const;

  it('writes hours as a fraction of a day and external secrets as 0 with their rotate-by date', () => {
    const random: SecretEntry = { ...base, name: 'r', kind: 'random', rotation: { hours: 6 }, random: { length: 32, encoding: 'hex', key: 'v' } };
    const external: SecretEntry = { ...base, name: 'x', kind: 'external', external: { rotateBy: '2027-01-31' } };

    expect(rotationDaysTag(random)).toBe('0.25');
    expect(secretTags('dev', external)).toEqual({
      'warden:environment': 'dev',
      'warden:classification': 'high',
      'warden:owner': 'team-a',
      'warden:kind': 'external',
      'warden:rotation-days': '0',
      'warden:managed': 'true',
      'warden:rotate-by': '2027-01-31',
    });
  });
});
