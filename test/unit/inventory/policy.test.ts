import { describe, expect, it } from 'vitest';
import { analysePolicy } from '../../../lambdas/inventory/scan/policy';

const OWN = '111111111111';
const policy = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const allow = (principal: unknown, condition?: object) => ({ Effect: 'Allow', Principal: principal, Action: 'secretsmanager:GetSecretValue', Resource: '*', ...(condition ? { Condition: condition } : {}) });
const foreign = new Set(['arn:aws:iam::111111111111:role/dev-app']);

describe('resource policy facts', () => {
  it.each([
    ['no policy', null, { public: false, crossAccount: false }],
    ['Principal "*"', policy(allow('*')), { public: true }],
    ['Principal {AWS: "*"}', policy(allow({ AWS: '*' })), { public: true }],
    ['wildcard narrowed to the organisation', policy(allow('*', { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } })), { public: false }],
    ['wildcard with an unrelated condition', policy(allow('*', { Bool: { 'aws:SecureTransport': 'true' } })), { public: true }],
    ['wildcard in a Deny statement', policy({ ...allow('*'), Effect: 'Deny' }), { public: false }],
    ['another account root', policy(allow({ AWS: 'arn:aws:iam::222222222222:root' })), { crossAccount: true, crossAccountPrincipals: ['arn:aws:iam::222222222222:root'] }],
    ['another account as bare id', policy(allow({ AWS: ['222222222222'] })), { crossAccount: true }],
    ['own account role', policy(allow({ AWS: 'arn:aws:iam::111111111111:role/prod-app' })), { crossAccount: false, otherEnvironmentPrincipals: [] }],
    ['a reader of another environment', policy(allow({ AWS: 'arn:aws:iam::111111111111:role/dev-app' })), { otherEnvironmentPrincipals: ['arn:aws:iam::111111111111:role/dev-app'] }],
    ['a service principal', policy(allow({ Service: 'lambda.amazonaws.com' })), { public: false, crossAccount: false }],
    ['unparseable policy (reported as public rather than silently passed)', '{not json', { public: true }],
  ])('%s', (_name, document, expected) => {
    expect(analysePolicy(document, OWN, foreign)).toMatchObject(expected);
  });
});
