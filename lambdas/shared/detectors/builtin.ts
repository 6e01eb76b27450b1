// The built-in rules: one set for the repository scanner (`warden scan`) and the inventory's
// plaintext-credential scan of Lambda environments and SSM parameters. Order matters: when two
// rules match the same text, the earlier one wins, so precise formats come before heuristics.
// Each rule's true positives and look-alikes are in test/unit/detectors/rules.test.ts.
import { kubernetesSecretValues } from './kubernetes';
import type { Rule } from './types';
import { isLookalike, isPlaceholder, isReference, isUrlWithoutPassword, shannonEntropy } from './values';

type RuleInput = Omit<Rule, 'allowlists' | 'keywords' | 'regex'> & { readonly regex?: string; readonly flags?: string; readonly keywords?: readonly string[] };

/** Every regex is global (the engine scans with exec). */
function rule({ regex, flags = '', keywords = [], ...rest }: RuleInput): Rule {
  return { ...rest, keywords, allowlists: [], ...(regex ? { regex: new RegExp(regex, `g${flags}`) } : {}) };
}

const notPlaceholder = (secret: string): boolean => !isPlaceholder(secret) && !isReference(secret);

/**
 * For fixed formats (a token prefix and random characters) only words that say "example" and long
 * runs of one character mark a fake: random characters may contain a short `XXXX`.
 */
const notExample = (secret: string): boolean => !/example|placeholder|dummy|fake|sample|redacted|your[-_]/i.test(secret) && !/(.)\1{7,}/.test(secret);

/** A JWT's header is base64url JSON naming its algorithm. */
function isJwt(secret: string): boolean {
  try {
    const header = JSON.parse(Buffer.from(secret.slice(0, secret.indexOf('.')), 'base64url').toString('utf8')) as { alg?: unknown };
    return typeof header.alg === 'string';
  } catch {
    return false;
  }
}

/** Key names that hold a secret (the value alone may look like anything). */
const SECRET_NAME = String.raw`pass(?:word|wd|phrase)?|pwd|secret|token|api[_.-]?key|apikey|access[_.-]?key|auth[_.-]?key|private[_.-]?key|client[_.-]?secret|credentials?|signing[_.-]?key`;

/** Names that mention a secret but hold something about it (its URL, name, length, file...). */
const NOT_A_VALUE_NAME = /(?:^|[_.-])(?:secrets?[_.-]?manager|id|url|uri|endpoint|host|name|file|path|dir|arn|type|length|len|policy|env|header|field|prefix|suffix|count|size|ttl|timeout|expiry|expires|expiration|version|format|mode|kind|region|label|key[_.-]?id|min|max|regex|pattern|hint|title|description|text|message|ref|reference|source|provider|enabled|required|hash|salt[_.-]?rounds|param(?:eter)?s?)$/i;

/** Code rather than a value: `config.password`, `getToken()`, `a?.b?.()`, `os.environ[...]`, `this.secret`, a `/*` comment. */
const CODE = /^(?:[A-Za-z_$][\w$]*(?:\??\.[\w$]+)+|[\w$.?]*\(.*|.*\)$|[\w$.]+\[.*|\/\*.*)$/;

/**
 * Source files of programming languages, where a literal value is quoted: there an unquoted value
 * after `token =` or `secret:` that is an identifier made of words (`DEFAULT_SECRET: Uint8Array`,
 * `exports.CreateTokenCommand = CreateTokenCommand`) is code, not a secret. Unquoted values inside
 * a string or a comment (`"host=db password=..."`, `# api_key=...`) are still read as values.
 * Configuration formats (.env, YAML, properties, INI, shell) take unquoted values as they are.
 */
const QUOTED_LITERALS = /\.(?:[cm]?[jt]sx?|py|go|java|kts?|scala|groovy|rb|php|cs|rs|swift|c|cc|cpp|cxx|h|hh|hpp|m|mm|dart|lua|vue|svelte)$/i;

/** An identifier (isCodeInSource gives one) whose letters are mostly in words of three or more (`Uint8Array`, `CreateOAuth2TokenCommand`), unlike a random string. */
function isWordyIdentifier(identifier: string): boolean {
  const words = identifier.match(/[A-Z]?[a-z]+|[A-Z]+(?![a-z])/g) ?? [];
  const letters = words.reduce((sum, word) => sum + word.length, 0);
  const inWords = words.reduce((sum, word) => sum + (word.length >= 3 ? word.length : 0), 0);
  return letters > 0 && inWords >= 0.8 * letters;
}

/**
 * In a source file, an unquoted value that is code: it starts with `!`, `=` or a comment, or with
 * an identifier made of words that is the whole value or is followed by `.`, `(`, `[`, `?` or `=`
 * (`exports.ApiKey=...`, `require(...)`, `this.secret`, `props.password`). A random password
 * after `password=` inside a string (`"host=db password=..."`) is none of these.
 */
function isCodeInSource(value: string): boolean {
  if (/^(?:[!=]|\/\*)/.test(value)) return true;
  const lead = /^[A-Za-z_$][\w$]*/.exec(value)?.[0];
  return lead !== undefined && isWordyIdentifier(lead) && (lead.length === value.length || /^[.([?=]/.test(value.slice(lead.length)));
}

/** A name split into its words with `_`: `AWSAccessKeyIDPattern` → `AWS_Access_Key_ID_Pattern`, `dbPassword` → `db_Password`. */
function splitWords(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/([A-Z])([A-Z][a-z])/g, '$1_$2');
}

/**
 * The (split) name, with `pass` inside another word taken out (`EIP_Association`,
 * `enter_Passive_Mode`, `passthrough`): `pass` names a password alone or at the end of a word
 * (`DB_PASS`, `pgpass`), or as password, passwd, passwort, passphrase, passcode or passkey.
 */
function withoutEmbeddedPass(words: string): string {
  return words.replace(/pass(?=[a-z])(?!word|wd|wort|phrase|code|key)/gi, '_');
}

const NAMES_A_SECRET = new RegExp(SECRET_NAME, 'i');

/** Letters and digits, lower-cased: `X_AWS_EC2_METADATA_TOKEN` and `x-aws-ec2-metadata-token` fold alike. */
const folded = (text: string): string => text.replace(/[^A-Za-z0-9]/g, '').toLowerCase();

function classes(value: string): number {
  return [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(value)).length;
}

/** The generic rule's gate: a value with the randomness of a secret, not a placeholder, reference, URL or identifier. */
function looksLikeSecretValue(secret: string, quoted: boolean): boolean {
  if (secret.length < 8 || /\s/.test(secret)) return false;
  // Words, names and paths (`payments/db-admin`, `SecretsManager:RotateSecret`), structures, variables and JSONPath
  // (a whole `#{...}` interpolation is a placeholder: isPlaceholder below).
  if (/^[A-Za-z]+(?:[-_./:@][A-Za-z]+)*$/.test(secret) || /^[{[$]/.test(secret)) return false;
  // Dotted names of three parts or more whose parts may end in digits (`aws-cdk-lib.aws_ec2.CfnEIPAssociation`);
  // dashed ones stay values (`jixbo4-qopWuf-rynzyk` is a generated password).
  if (secret.includes('.') && /^[A-Za-z]+\d*(?:[-_./:@][A-Za-z]+\d*){2,}$/.test(secret)) return false;
  // A scoped package name, or a feature flag named after one (`@aws-cdk/aws-ec2:restrictDefaultSecurityGroup`).
  if (/^@[a-z0-9-]+\/[a-z0-9-]+(?::[A-Za-z0-9]+)?$/.test(secret)) return false;
  // HTTP header names (`X-Amz-S3session-Token`, `x-aws-ec2-metadata-token`).
  if (/^x-(?:[a-z]+\d?[a-z]*-)+[a-z]+$/i.test(secret)) return false;
  if (isPlaceholder(secret) || isReference(secret) || isUrlWithoutPassword(secret) || isLookalike(secret)) return false;
  const bare = secret.replace(/^!+/, '');
  if (!quoted && (CODE.test(bare) || /^[A-Za-z_]+$/.test(bare))) return false;
  const entropy = shannonEntropy(secret);
  if (secret.length >= 16) return entropy >= 3.5 && classes(secret) >= 2;
  return entropy >= 2.9 && classes(secret) >= 3;
}

export const BUILTIN_RULES: readonly Rule[] = [
  rule({
    id: 'private-key',
    description: 'Private key (PEM or OpenSSH)',
    sensitivity: 'critical',
    kind: 'external',
    regex: String.raw`-----BEGIN[ A-Z0-9]{0,40}PRIVATE KEY(?: BLOCK)?-----([\s\S]{8,16384}?)-----END[ A-Z0-9]{0,40}PRIVATE KEY(?: BLOCK)?-----`,
    secretGroup: 1,
    keywords: ['private key'],
    // 'private key' after '-----BEGIN' and at most 40 characters.
    anchor: { within: 50 },
    accept: (body) => !/\.\.\.|…|x{6,}|X{6,}/.test(body) && (body.match(/[A-Za-z0-9+/]/g)?.length ?? 0) >= 8,
  }),
  rule({
    id: 'aws-access-key-id',
    description: 'AWS access key id',
    sensitivity: 'critical',
    kind: 'external',
    regex: String.raw`\b((?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16})\b`,
    keywords: ['akia', 'asia', 'abia', 'acca'],
    anchor: { within: 0 },
    accept: notExample,
  }),
  rule({
    id: 'aws-secret-access-key',
    description: 'AWS secret access key',
    sensitivity: 'critical',
    kind: 'external',
    regex: String.raw`(?:aws[\w.-]{0,20}?(?:secret|sk)[\w.-]{0,20}?|secret[_.-]?access[_.-]?key)["']?\s{0,5}(?::=|=>|[:=])\s{0,5}["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])`,
    flags: 'i',
    entropy: 4,
    keywords: ['aws', 'secret_access', 'secretaccess', 'secret-access', 'secret.access'],
    anchor: { within: 0 },
    accept: notExample,
  }),
  rule({
    id: 'github-token',
    description: 'GitHub classic token (personal, OAuth, user-to-server, server-to-server, refresh)',
    sensitivity: 'high',
    kind: 'external',
    regex: String.raw`\b(gh[pousr]_[A-Za-z0-9]{36,255})\b`,
    entropy: 3,
    keywords: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'],
    anchor: { within: 0 },
    accept: notExample,
  }),
  rule({
    id: 'github-fine-grained-token',
    description: 'GitHub fine-grained personal access token',
    sensitivity: 'high',
    kind: 'external',
    regex: String.raw`\b(github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})\b`,
    entropy: 3,
    keywords: ['github_pat_'],
    anchor: { within: 0 },
    accept: notExample,
  }),
  rule({
    id: 'gitlab-token',
    description: 'GitLab token (personal, deploy, runner, trigger, CI/CD job)',
    sensitivity: 'high',
    kind: 'external',
    regex: String.raw`\b(gl(?:pat|dt|rt|ptt|cbt|soat|ft|imt)-[A-Za-z0-9_-]{20,64})(?![A-Za-z0-9_-])`,
    entropy: 3,
    keywords: ['glpat-', 'gldt-', 'glrt-', 'glptt-', 'glcbt-', 'glsoat-', 'glft-', 'glimt-'],
    anchor: { within: 0 },
    accept: notExample,
  }),
  rule({
    id: 'slack-webhook',
    description: 'Slack incoming webhook URL',
    sensitivity: 'medium',
    kind: 'external',
    regex: String.raw`(https://hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/_-]{20,120})`,
    keywords: ['hooks.slack.com'],
    // 'hooks.slack.com' after 'https://'.
    anchor: { within: 8 },
    accept: notExample,
  }),
  rule({
    id: 'slack-token',
    description: 'Slack token (bot, user, app, configuration)',
    sensitivity: 'medium',
    kind: 'external',
    regex: String.raw`\b(xox[abposre]-[0-9A-Za-z-]{10,250})`,
    keywords: ['xoxb-', 'xoxa-', 'xoxp-', 'xoxo-', 'xoxs-', 'xoxr-', 'xoxe-'],
    anchor: { within: 0 },
    accept: notExample,
  }),
  rule({
    id: 'stripe-key',
    description: 'Stripe live secret or restricted key',
    sensitivity: 'high',
    kind: 'external',
    regex: String.raw`\b([rs]k_live_[0-9A-Za-z]{16,247})\b`,
    keywords: ['sk_live_', 'rk_live_'],
    anchor: { within: 0 },
    accept: notExample,
  }),
  rule({
    id: 'google-api-key',
    description: 'Google API key',
    sensitivity: 'high',
    kind: 'external',
    regex: String.raw`\b(AIza[0-9A-Za-z_-]{35})(?![0-9A-Za-z_-])`,
    keywords: ['aiza'],
    anchor: { within: 0 },
    accept: notExample,
  }),
  rule({
    id: 'openai-api-key',
    description: 'OpenAI API key',
    sensitivity: 'high',
    kind: 'external',
    regex: String.raw`\b(sk-(?:(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,250}|[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}))(?![A-Za-z0-9_-])`,
    entropy: 3.5,
    keywords: ['sk-proj-', 'sk-svcacct-', 'sk-admin-', 't3blbkfj'],
    // 'sk-…-' at the start, or 'T3BlbkFJ' after 'sk-' and 20 characters.
    anchor: { within: 23 },
    accept: notExample,
  }),
  rule({
    id: 'anthropic-api-key',
    description: 'Anthropic API key',
    sensitivity: 'high',
    kind: 'external',
    regex: String.raw`\b(sk-ant-(?:api|admin)\d{2}-[A-Za-z0-9_-]{80,120})(?![A-Za-z0-9_-])`,
    entropy: 3.5,
    keywords: ['sk-ant-'],
    anchor: { within: 0 },
    accept: notExample,
  }),
  rule({
    id: 'npm-token',
    description: 'npm access token',
    sensitivity: 'high',
    kind: 'external',
    regex: String.raw`\b(npm_[A-Za-z0-9]{36})\b`,
    entropy: 3,
    keywords: ['npm_'],
    anchor: { within: 0 },
    accept: notExample,
  }),
  rule({
    id: 'pypi-token',
    description: 'PyPI upload token',
    sensitivity: 'high',
    kind: 'external',
    regex: String.raw`\b(pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,})`,
    keywords: ['pypi-ageichlwas5vcmc'],
    anchor: { within: 0 },
    accept: notExample,
  }),
  rule({
    id: 'sendgrid-api-key',
    description: 'SendGrid API key',
    sensitivity: 'medium',
    kind: 'external',
    regex: String.raw`\b(SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])`,
    entropy: 3,
    keywords: ['sg.'],
    anchor: { within: 0 },
    accept: notExample,
  }),
  rule({
    id: 'twilio-api-key',
    description: 'Twilio API key',
    sensitivity: 'medium',
    kind: 'external',
    regex: String.raw`\b(SK[0-9a-f]{32})\b`,
    entropy: 3,
    keywords: ['sk'],
    anchor: { within: 0 },
    accept: notExample,
  }),
  rule({
    id: 'jwt',
    description: 'JSON Web Token',
    sensitivity: 'high',
    kind: 'external',
    regex: String.raw`\b(eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,})`,
    keywords: ['eyj'],
    anchor: { within: 0 },
    accept: (secret) => notExample(secret) && isJwt(secret),
  }),
  rule({
    id: 'connection-string-password',
    description: 'Database or broker URL with an embedded password',
    sensitivity: 'critical',
    kind: 'postgres',
    regex: String.raw`\b(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver|oracle|cockroachdb)://[^:/\s@'"\x60]*:([^@\s/'"\x60]{1,200})@[^\s'"\x60]+`,
    flags: 'i',
    secretGroup: 1,
    keywords: ['://'],
    // '://' after the scheme (cockroachdb, mongodb+srv: 11 characters).
    anchor: { within: 11 },
    accept: notPlaceholder,
    storage: 'connection string in source',
  }),
  rule({
    id: 'url-basic-auth',
    description: 'URL with a user and password (HTTP basic auth, FTP, SMTP, LDAP)',
    sensitivity: 'high',
    kind: 'external',
    regex: String.raw`\b(?:https?|ftps?|smtps?|ldaps?|wss?|git\+https?)://[^:/\s@'"\x60]+:([^@\s/'"\x60]{1,200})@[^\s'"\x60]+`,
    flags: 'i',
    secretGroup: 1,
    keywords: ['://'],
    // '://' after the scheme (git+https: 9 characters).
    anchor: { within: 9 },
    accept: notPlaceholder,
    storage: 'URL in source',
  }),
  rule({
    id: 'kubernetes-secret',
    description: 'Value in a Kubernetes Secret manifest (data / stringData)',
    sensitivity: 'high',
    kind: 'external',
    find: kubernetesSecretValues,
    keywords: ['kind: secret', "kind: 'secret'", 'kind: "secret"'],
    storage: 'Kubernetes Secret manifest in the repository',
  }),
  rule({
    id: 'hardcoded-secret-string',
    description: 'Hard-coded SecretString in CloudFormation, CDK or Terraform',
    sensitivity: 'high',
    kind: 'random',
    regex: String.raw`(?<![\w$])(?<key>SecretString|secret_string|secretStringValue|secretStringBeta1|unsafePlainText|fromUnsafePlaintext)["']?\s*(?::|=|\()\s*(?:SecretValue\.unsafePlainText\(\s*)?(?<q>["'\x60])((?:(?!\k<q>)[^\r\n\\]|\\.){1,2000})\k<q>`,
    flags: 'i',
    keywords: ['secretstring', 'secret_string', 'unsafeplaintext'],
    // the key starts the match ('fromUnsafePlaintext' holds 'unsafeplaintext' at 4).
    anchor: { within: 4 },
    accept: (secret) =>
      notPlaceholder(secret) &&
      !/\$\{|\{\{resolve:/.test(secret) &&
      (looksLikeSecretValue(secret, true) || /["']?(?:pass(?:word)?|secret|token|api[_-]?key)["']?\s*:\s*["'][^"']{8,}["']/i.test(secret)),
    storage: 'infrastructure template (CloudFormation, CDK or Terraform)',
  }),
  rule({
    id: 'high-entropy-secret-name',
    description: 'Random-looking value assigned to a password, secret, token or API key name',
    sensitivity: 'high',
    kind: 'random',
    regex: String.raw`(?<![\w.-]|:(?=secret:))(?<key>[\w.-]{0,40}?(?:${SECRET_NAME})[\w.-]{0,40}?)["']?\s{0,5}(?::=|=>|\?=|[:=])\s{0,5}(?:(?<q>["'\x60])((?:(?!\k<q>)[^\r\n\\]|\\.){1,200})\k<q>|([^\s"'\x60,;)\]}<>]{1,200}))`,
    flags: 'i',
    keywords: ['pass', 'pwd', 'secret', 'token', 'key', 'credential'],
    // the key is a run of [\w.-] starting the match: up to 40 characters, then the name, whose keyword starts at most 8 characters in (private_key, signing_key);
    // the key is that whole run (the lookbehind, and the quote, space or operator after it), so the run is followed by the operator.
    anchor: { within: 48, run: /[\w.-]/, follows: /["']?\s{0,5}(?::=|=>|\?=|[:=])/ },
    accept: (secret, match, path) => {
      const quoted = /["'`]$/.test(match);
      if (!quoted && path !== undefined && QUOTED_LITERALS.test(path) && isCodeInSource(secret)) return false;
      // The value's checks first: most matches are dropped there, before the name is split.
      if (!looksLikeSecretValue(secret, quoted)) return false;
      const name = /^[\w.-]+/.exec(match)?.[0] ?? '';
      const words = splitWords(name);
      if (!NAMES_A_SECRET.test(withoutEmbeddedPass(words))) return false;
      // A constant or enum member that holds its own name (`TOKEN_HEADER = "token-header"`, `AuthType.POSTGRES_MD5 = "POSTGRES_MD5"`).
      if (folded(name).endsWith(folded(secret))) return false;
      return !NOT_A_VALUE_NAME.test(words);
    },
  }),
  rule({
    id: 'dotenv-file',
    description: '.env file in the repository (committed, or not ignored)',
    sensitivity: 'medium',
    kind: 'random',
    path: /(?:^|\/)\.env(?:\.(?!(?:example|sample|template|dist|defaults?|schema|test)$)[\w.-]+)?$/,
    skipIgnored: true,
    storage: '.env file in the repository',
  }),
];
