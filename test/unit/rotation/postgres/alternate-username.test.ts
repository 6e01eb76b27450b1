import { describe, expect, it } from 'vitest';
import { alternateUsername } from '../../../../contract/postgres-users';
import { quoteIdent } from '../../../../lambdas/rotation/core/postgres-sql';

describe('the alternating-users pair of a user name', () => {
  it.each([
    ['app', 'app_clone'],
    ['app_clone', 'app'],
    ['App User', 'App User_clone'],
    ['_clone', '_clone_clone'],
    ['app_clone_clone', 'app_clone'],
  ])('%j pairs with %j', (username, alternate) => {
    expect(alternateUsername(username)).toBe(alternate);
  });

  it('comes back to the original after two rotations', () => {
    expect(alternateUsername(alternateUsername('reporting'))).toBe('reporting');
  });
});

describe('identifier quoting', () => {
  it('always quotes and doubles embedded double quotes', () => {
    expect(quoteIdent('app')).toBe('"app"');
    expect(quoteIdent('a"; DROP ROLE x; --')).toBe('"a""; DROP ROLE x; --"');
  });

  it('refuses an empty name and NUL, which PostgreSQL cannot represent', () => {
    expect(() => quoteIdent('')).toThrow(/non-empty/);
    expect(() => quoteIdent('a\u0000b')).toThrow(/NUL/);
  });
});
