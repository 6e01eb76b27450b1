// Facts about a secret's resource policy. Only Allow statements grant access; a wildcard
// principal is public unless a condition ties it to an account, organisation, VPC or principal.

import type { PolicyFacts } from '../../../contract/inventory';

/** Condition keys that narrow a wildcard principal to known callers (IAM global condition keys). */
const NARROWING_KEYS = [
  'aws:principalaccount',
  'aws:principalarn',
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:sourceaccount',
  'aws:sourcearn',
  'aws:sourceowner',
  'aws:sourcevpc',
  'aws:sourcevpce',
  'aws:sourceip',
  'aws:userid',
  'aws:calledvia',
];

interface Statement {
  Effect?: string;
  Principal?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

function awsPrincipals(principal: unknown): string[] {
  if (principal === '*') return ['*'];
  if (principal == null || typeof principal !== 'object') return [];
  const aws = (principal as Record<string, unknown>).AWS;
  if (aws === undefined) return [];
  return (Array.isArray(aws) ? aws : [aws]).filter((p): p is string => typeof p === 'string');
}

function accountOf(principal: string): string | null {
  if (/^\d{12}$/.test(principal)) return principal;
  const match = /^arn:aws[a-z-]*:(?:iam|sts)::(\d{12}):/.exec(principal);
  return match ? match[1]! : null;
}

function narrows(condition: Statement['Condition']): boolean {
  if (!condition) return false;
  return Object.values(condition).some((block) => Object.keys(block ?? {}).some((key) => NARROWING_KEYS.includes(key.toLowerCase())));
}

/** The account that owns a secret, from its ARN (`arn:aws:secretsmanager:region:account:secret:name`). */
export function accountOfArn(arn: string): string | null {
  return arn.split(':')[4] || null;
}

export function analysePolicy(
  policyJson: string | null,
  ownAccount: string | null,
  foreignReaders: ReadonlySet<string>,
): PolicyFacts {
  const facts = { public: false, crossAccount: false, crossAccountPrincipals: [] as string[], otherEnvironmentPrincipals: [] as string[] };
  if (policyJson == null || policyJson.trim() === '') return facts;
  let document: { Statement?: Statement | Statement[] };
  try {
    document = JSON.parse(policyJson) as typeof document;
  } catch {
    // An unreadable policy is reported as public: better a false alarm than a silent hole.
    return { ...facts, public: true };
  }
  const statements = Array.isArray(document.Statement) ? document.Statement : document.Statement ? [document.Statement] : [];
  for (const statement of statements) {
    if (statement.Effect !== 'Allow') continue;
    for (const principal of awsPrincipals(statement.Principal)) {
      if (principal === '*') {
        if (!narrows(statement.Condition)) facts.public = true;
        continue;
      }
      const account = accountOf(principal);
      if (account && ownAccount && account !== ownAccount && !facts.crossAccountPrincipals.includes(principal)) {
        facts.crossAccount = true;
        facts.crossAccountPrincipals.push(principal);
      }
      if (foreignReaders.has(principal) && !facts.otherEnvironmentPrincipals.includes(principal)) {
        facts.otherEnvironmentPrincipals.push(principal);
      }
    }
  }
  return facts;
}
