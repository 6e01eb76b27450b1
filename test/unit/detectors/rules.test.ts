// The detector table: for each built-in rule, true positives (fake values in the real formats,
// generated at run time) and look-alikes that must not match. One table for the scanner and the
// inventory: both run lambdas/shared/detectors.
import { describe, expect, it } from 'vitest';
import { BUILTIN_RULES, builtinEngine, detectKeyValue } from '../../../lambdas/shared/detectors';
import { Fakes } from '../../support/fake-secrets';

const f = new Fakes(13);
const engine = builtinEngine();
const rulesIn = (text: string, path: string | undefined) => engine.detect(text, { path: path ?? 'src/app.ts' }).map((d) => d.rule.id);

const aws = { id: f.awsAccessKeyId(), secret: f.awsSecretAccessKey() };
const password = f.password(22);

const POSITIVES: readonly (readonly [rule: string, text: string, path?: string])[] = [
  ['private-key', `const key = \`${f.privateKey('RSA')}\`;`],
  ['private-key', f.privateKey('OPENSSH'), 'deploy/id_ed25519'],
  ['private-key', JSON.stringify({ private_key: f.privateKey('EC') })],
  ['aws-access-key-id', `AWS_ACCESS_KEY_ID=${aws.id}`],
  ['aws-secret-access-key', `aws_secret_access_key = ${aws.secret}`],
  ['aws-secret-access-key', `"SecretAccessKey": "${aws.secret}"`],
  ['github-token', `token: ${f.githubClassic()}`],
  ['github-fine-grained-token', `GH=${f.githubFineGrained()}`],
  ['gitlab-token', `export GITLAB=${f.gitlab()}`],
  ['slack-token', `slack('${f.slackBot()}')`],
  ['slack-webhook', `url = "${f.slackWebhook()}"`],
  ['stripe-key', `Stripe(${JSON.stringify(f.stripeLive())})`],
  ['google-api-key', `maps?key=${f.googleApiKey()}`],
  ['openai-api-key', `OPENAI=${f.openai()}`],
  ['anthropic-api-key', `client = Anthropic(api="${f.anthropic()}")`],
  ['npm-token', `//registry.npmjs.org/:_authToken=${f.npm()}`],
  ['pypi-token', `password = ${f.pypi()}`],
  ['sendgrid-api-key', `sg(${JSON.stringify(f.sendgrid())})`],
  ['twilio-api-key', `TWILIO_KEY=${f.twilio()}`],
  ['jwt', `Authorization: Bearer ${f.jwt()}`],
  ['connection-string-password', `DATABASE_URL=postgres://app:${password}@db.internal:5432/orders`],
  ['connection-string-password', `mysql://root:${password}@localhost/shop`],
  ['connection-string-password', `"mongodb+srv://svc:${password}@cluster0.example.net/db"`],
  ['connection-string-password', `REDIS=redis://default:${password}@cache:6379/0`],
  ['connection-string-password', `amqp://guest:${password}@rabbit:5672/`],
  ['url-basic-auth', `fetch("https://deploy:${password}@registry.internal/v2/")`],
  ['kubernetes-secret', `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ntype: Opaque\ndata:\n  password: ${Buffer.from(password).toString('base64')}\n`, 'k8s/secret.yaml'],
  ['kubernetes-secret', `kind: Secret\nstringData:\n  token: "${password}"\n`, 'k8s/secret.yml'],
  ['hardcoded-secret-string', `    SecretString: '{"username":"app","password":"${password}"}'`, 'template.yaml'],
  ['hardcoded-secret-string', `  secretStringValue: SecretValue.unsafePlainText('${password}'),`, 'lib/stack.ts'],
  ['hardcoded-secret-string', `  secret_string = "${password}"`, 'main.tf'],
  ['high-entropy-secret-name', `const apiKey = "${f.chars('abcdef0123456789ABCDEF', 32)}";`],
  ['high-entropy-secret-name', `DB_PASSWORD=${password}`, 'config/app.properties'],
  ['high-entropy-secret-name', `export API_TOKEN=${password}`, 'deploy/run.sh'],
  ['high-entropy-secret-name', `let token = \`${password}\`;`],
  ['high-entropy-secret-name', `conn = psycopg2.connect("host=db dbname=app user=app password=${password}")`, 'app/db.py'],
  ['high-entropy-secret-name', `String url = "jdbc:postgresql://db/app?user=app&password=${password}";`, 'src/main/java/Db.java'],
  ['high-entropy-secret-name', `dsn := "user=app password=${password} host=db"`, 'db.go'],
  ['high-entropy-secret-name', `# api_key=${password}`, 'tools/sync.py'],
  ['high-entropy-secret-name', `  "ConnectionStrings:DbPassword": "${password}",`, 'appsettings.json'],
  ['high-entropy-secret-name', `DB_PASSWORD=!${password}`, 'config/app.ini'],
  ['high-entropy-secret-name', `PGPASS=${password}`, 'deploy/db.env.sh'],
  ['high-entropy-secret-name', 'ICLOUD_PASSWORD=jixbo4-qopWuf-rynzyk', 'config/app.ini'],
  ['high-entropy-secret-name', `KEYSTORE_PASSWORT="${password}"`, 'config/app.properties'],
  ['high-entropy-secret-name', `PASSKEY: "${password}"`, 'config/app.yml'],
  ['high-entropy-secret-name', `smtpPasscode: "${password}"`, 'config/mail.yml'],
  ['high-entropy-secret-name', `"token": "x-${f.chars('abcdefghijklmnop0123456789', 6)}-${f.chars('abcdefghijklmnop0123456789', 7)}-${f.chars('abcdefghijklmnop0123456789', 6)}"`, 'config.json'],
  ['high-entropy-secret-name', `  "client_secret": "${password}",`],
  ['high-entropy-secret-name', `password: ${password}`, 'config/app.yml'],
];

const LOOKALIKES: readonly (readonly [what: string, text: string, path?: string])[] = [
  ['a UUID under a secret name', `token_id = "${f.uuid()}"`],
  ['a UUID as a value', `secret = "${f.uuid()}"`],
  ['a git SHA', `commit: ${f.gitSha()}`],
  ['a git SHA under a token name', `token = "${f.gitSha()}"`],
  ['a sha512 integrity hash', `"integrity": "${f.integrity()}"`],
  ['a sha512 integrity hash under a secret-ish name', `"secret": "${f.integrity()}"`],
  ['a base64 blob', `const logo = "data:image/png;base64,${f.base64Blob(200)}";`],
  ['a base64 blob next to aws', `aws_logo = "${f.base64Blob(40)}x"`],
  ['the AWS documentation example key', ['AKIAIOSFODNN7', 'EXAMPLE'].join('')],
  ['a placeholder password', 'password = "changeme"'],
  ['an interpolated password', 'DB_PASSWORD=${DB_PASSWORD}'],
  ['an angle-bracket placeholder', 'GITHUB_TOKEN=<your-token>'],
  ['crosses', 'api_key: xxxxxxxxxxxxxxxxxxxxxxxx'],
  ['an example value', `secret = "example-${f.chars('abcdef0123', 16)}"`],
  ['a fixture value named as such', `const token = "fake-token-for-tests-${f.chars('abcdef0123', 12)}";`],
  ['a dummy value', `password: "dummy_${f.chars('abcdef0123', 12)}"`],
  ['a password read from the environment', 'const password = process.env.DB_PASSWORD;'],
  ['a password read from config', 'password = config.database.password'],
  ['a function call', 'token = getToken(request)'],
  ['a Secrets Manager reference', 'DB_SECRET=arn:aws:secretsmanager:eu-west-1:111111111111:secret:prod/db-AbCdEf'],
  ['a dynamic reference', "SecretString: '{{resolve:secretsmanager:prod/db:SecretString:password}}'", 'template.yaml'],
  ['a CloudFormation Sub', "SecretString: !Sub '{\"password\":\"${DbPassword}\"}'", 'template.yaml'],
  ['a generated secret (CDK)', 'generateSecretString: { secretStringTemplate: JSON.stringify({ username: "app" }) }', 'lib/stack.ts'],
  ['a connection string with a placeholder password', 'postgres://app:${DB_PASSWORD}@db.internal:5432/orders'],
  ['a connection string without password', 'postgres://app@db.internal:5432/orders'],
  ['a URL with a port and an @ in the path', 'https://host:8080/users/@me'],
  ['the SDK endpoint override (AWS_ENDPOINT_URL_SECRETS_MANAGER)', 'AWS_ENDPOINT_URL_SECRETS_MANAGER=https://secretsmanager.eu-west-1.amazonaws.com'],
  ['a token URL', 'token_url = "https://auth.example.com/oauth2/token"'],
  ['a secret name, not a value', 'SECRET_NAME=prod/payments/db-app-credentials'],
  ['a short low-entropy password', 'password = "hunter2"'],
  ['a password policy', 'PASSWORD_POLICY=aaaaaaaaaaaaaaaaaaaa'],
  ['a version', 'token_version = "1.2.3-beta.4"'],
  ['a JWT-shaped string that is not a JWT', `eyJ${f.chars('abcdef', 12)}.eyJ${f.chars('abcdef', 12)}.${f.chars('abcdef', 12)}`],
  ['a Kubernetes ConfigMap', `kind: ConfigMap\ndata:\n  LOG_LEVEL: debug\n  build: ${f.chars('abcdef0123456789', 24)}\n`, 'k8s/cm.yaml'],
  ['a Kubernetes Secret with placeholders', 'kind: Secret\nstringData:\n  password: ${DB_PASSWORD}\n  token: "<your-token>"\n', 'k8s/secret.yaml'],
  ['a PEM public key', '-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n-----END PUBLIC KEY-----'],
  ['an elided private key in docs', '-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----'],
  ['a Stripe test key', ['sk', '_test_', f.chars('abcdefABCDEF0123456789', 24)].join('')],
  ['a password field in a form', '<input type="password" name="password">'],
  ['a comparison', 'if (token === undefined) return;'],
  ['a TypeScript type', 'password: string;'],
  ['a TypeScript type with a digit', 'readonly DEFAULT_SECRET: Uint8Array;', 'dist-types/xxh/Xxh3.d.ts'],
  ['an identifier assigned in code', 'exports.CreateOAuth2TokenCommand = CreateOAuth2TokenCommand;', 'dist/index.js'],
  ['optional chaining', 'webIdentityToken: externalDataInterceptor?.getTokenRecord?.()[webIdentityTokenFile] ??', 'config.yml'],
  ['a negation', 'pass_through = !!passThrough;', 'settings.ini'],
  ['a header name in a constant', 'const X_AWS_EC2_METADATA_TOKEN = "x-aws-ec2-metadata-token";'],
  ['a header name as a query parameter', 'export const SESSION_TOKEN_QUERY_PARAM = "X-Amz-S3session-Token";'],
  ['an enum member holding its name', 'ClientPasswordAuthType2.POSTGRES_SCRAM_SHA_256="POSTGRES_SCRAM_SHA_256";', 'lib/proxy.js'],
  ['a CDK feature flag', 'export declare const CHECK_SECRET_USAGE = "@aws-cdk/core:checkSecretUsage";', 'cx-api/lib/features.d.ts'],
  ['a feature flag of a scoped package with a digit', 'const EC2_SECRET_FLAG = "@aws-cdk/aws-ec2:restrictDefaultSecurityGroup";'],
  ['Ruby interpolation', 'password = "#{ENV.fetch(\'DB_PASSWORD\')}"', 'config/database.rb'],
  ['minified code after a key name', 'exports.RateLimitedApiKey=exports.ApiKey=void 0;', 'lib/api-key.js'],
  ['a class field initialised by a call', 'ApiKey2 = _classPrivateFieldLooseKey("apiKey");', 'lib/api-key.js'],
  ['a comparison in minified code', 'httpTokens===LaunchTemplateHttpTokens.REQUIRED', 'lib/launch-template.js'],
  ['pass inside another word', '"AWS::EC2::EIPAssociation": "aws-cdk-lib.aws_ec2.CfnEIPAssociation",', 'cfn-types-2-classes.json'],
  ['passive, not a password', 'Be.enterPassiveModeIPv6 = Be.enterPassiveModeIPv4x2;', 'ftp.js'],
  ['a regex named ...Pattern', `const AWSAccessKeyIDPattern = "${'\\b(?:A3T[A-Z0-9]|AKIA)[A-Z0-9]{16}\\b'}";`, 'module/index.js'],
  ['a secret named in an ARN (as in the AWS SDK docs)', ' *   ARN: "&region-arn;&asm-service-name;:us-west-2:&ExampleAccountId;:secret:MySecret1-a1b2c3",', 'commands/BatchGetSecretValueCommand.d.ts'],
];

describe('built-in rules: true positives', () => {
  it.each(POSITIVES)('%s finds its value (case %#)', (rule, text, path) => {
    expect(rulesIn(text!, path)).toEqual([rule]);
  });

  it('every rule with a regex or finder has a true positive in the table', () => {
    const covered = new Set(POSITIVES.map(([rule]) => rule));
    const missing = BUILTIN_RULES.filter((r) => (r.regex || r.find) && !covered.has(r.id)).map((r) => r.id);
    expect(missing).toEqual([]);
  });

  it('reports the secret itself, not the whole match', () => {
    const [detection] = engine.detect(`DATABASE_URL=postgres://app:${password}@db:5432/x`);
    expect(detection!.secret).toBe(password);
    expect(detection!.key).toBe('DATABASE_URL');
  });
});

describe('built-in rules: look-alikes', () => {
  it.each(LOOKALIKES)('ignores %s', (_what, text, path) => {
    expect(rulesIn(text!, path)).toEqual([]);
  });
});

describe('file rules', () => {
  it('reports a .env file, not its example, and not when the repository ignores it', () => {
    expect(engine.fileRulesFor('.env').map((r) => r.id)).toEqual(['dotenv-file']);
    expect(engine.fileRulesFor('services/api/.env.production').map((r) => r.id)).toEqual(['dotenv-file']);
    expect(engine.fileRulesFor('.env.example')).toEqual([]);
    expect(engine.fileRulesFor('.env', true)).toEqual([]);
    expect(engine.fileRulesFor('src/env.ts')).toEqual([]);
  });
});

describe('key/value mode (the inventory)', () => {
  it('reads NAME=value so name rules see the name', () => {
    expect(detectKeyValue('/app/db_password', password)?.rule.id).toBe('high-entropy-secret-name');
    expect(detectKeyValue('SLACK', f.slackBot())?.rule.id).toBe('slack-token');
  });

  it('does not report the SDK endpoint override as a credential', () => {
    expect(detectKeyValue('AWS_ENDPOINT_URL_SECRETS_MANAGER', 'https://secretsmanager.eu-west-1.amazonaws.com')).toBeNull();
    expect(detectKeyValue('AWS_ENDPOINT_URL_SECRETS_MANAGER', 'http://localhost:4566')).toBeNull();
  });

  it('ignores a match inside the name', () => {
    expect(detectKeyValue(`X_${f.githubClassic()}`, 'INFO')).toBeNull();
  });
});
