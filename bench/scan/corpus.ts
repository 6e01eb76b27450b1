// The scan benchmark's corpus, generated at bench time from a seed (never committed, never real):
// source-like files (TypeScript, Python, YAML, JSON, .env-style, Markdown) with planted fake
// secrets and decoys that look like secrets (UUIDs, git SHAs, integrity hashes, base64 blobs,
// placeholders, the AWS documentation key, Stripe test keys, public keys). The ground truth is
// the list of planted lines.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Fakes } from '../../test/support/fake-secrets';

export interface Planted {
  readonly file: string;
  /** 1-based line of the secret. */
  readonly line: number;
  readonly kind: string;
}

interface Corpus {
  readonly files: number;
  readonly bytes: number;
  readonly planted: readonly Planted[];
  readonly decoys: number;
}

type Lines = string[];

function plant(f: Fakes, ext: string): { kind: string; lines: Lines; offset: number } {
  const q = (s: string) => JSON.stringify(s);
  const kinds: (() => { kind: string; lines: Lines; offset?: number })[] = [
    () => ({ kind: 'aws-access-key-id', lines: [`const awsAccessKeyId = ${q(f.awsAccessKeyId())};`] }),
    () => ({ kind: 'aws-secret-access-key', lines: [`aws_secret_access_key = ${f.awsSecretAccessKey()}`] }),
    () => ({ kind: 'github-token', lines: [`const gh = new Octokit({ auth: ${q(f.githubClassic())} });`] }),
    () => ({ kind: 'github-fine-grained-token', lines: [`GITHUB_TOKEN: ${f.githubFineGrained()}`] }),
    () => ({ kind: 'gitlab-token', lines: [`  token: ${q(f.gitlab())}`] }),
    () => ({ kind: 'slack-token', lines: [`slack = WebClient(token=${q(f.slackBot())})`] }),
    () => ({ kind: 'slack-webhook', lines: [`webhook: ${f.slackWebhook()}`] }),
    () => ({ kind: 'stripe-key', lines: [`const stripe = new Stripe(${q(f.stripeLive())});`] }),
    () => ({ kind: 'google-api-key', lines: [`  "mapsKey": ${q(f.googleApiKey())},`] }),
    () => ({ kind: 'openai-api-key', lines: [`client = OpenAI(api_key=${q(f.openai())})`] }),
    () => ({ kind: 'anthropic-api-key', lines: [`ANTHROPIC_API_KEY=${f.anthropic()}`] }),
    () => ({ kind: 'npm-token', lines: [`//registry.npmjs.org/:_authToken=${f.npm()}`] }),
    () => ({ kind: 'pypi-token', lines: [`password = ${f.pypi()}`] }),
    () => ({ kind: 'sendgrid-api-key', lines: [`sg = SendGridAPIClient(${q(f.sendgrid())})`] }),
    () => ({ kind: 'twilio-api-key', lines: [`twilio_key = ${q(f.twilio())}`] }),
    () => ({ kind: 'jwt', lines: [`const serviceToken = ${q(f.jwt())};`] }),
    () => ({ kind: 'private-key', lines: f.privateKey(f.pick(['RSA', 'OPENSSH', 'EC'] as const)).split('\n') }),
    () => ({ kind: 'connection-string-password', lines: [`DATABASE_URL = "postgres://app_${f.chars('abcdef', 4)}:${f.password(20)}@db-${f.chars('abcdef', 3)}.internal:5432/orders"`] }),
    () => ({ kind: 'connection-string-password', lines: [`  mongo: mongodb+srv://svc:${f.password(18)}@cluster0.mongo.internal/app`] }),
    () => ({ kind: 'url-basic-auth', lines: [`registry = "https://deploy:${f.password(20)}@registry.internal/v2/"`] }),
    () => ({ kind: 'generic-password', lines: [`DB_PASSWORD = "${f.password(22)}"`] }),
    () => ({ kind: 'generic-api-key', lines: [`const apiKey = "${f.chars('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 32)}";`] }),
    () => ({ kind: 'generic-client-secret', lines: [`  "client_secret": "${f.password(28)}",`] }),
    () => ({ kind: 'kubernetes-secret', lines: ['---', 'apiVersion: v1', 'kind: Secret', 'metadata:', `  name: app-${f.chars('abcdef', 5)}`, 'type: Opaque', 'data:', `  password: ${Buffer.from(f.password(20)).toString('base64')}`, '---'], offset: 7 }),
    () => ({ kind: 'hardcoded-secret-string', lines: [`      SecretString: '{"username":"app","password":"${f.password(20)}"}'`] }),
  ];
  const chosen = f.pick(kinds)();
  void ext;
  return { kind: chosen.kind, lines: chosen.lines, offset: chosen.offset ?? 0 };
}

function decoy(f: Fakes): string {
  const decoys: (() => string)[] = [
    () => `const requestId = "${f.uuid()}";`,
    () => `token_id = "${f.uuid()}"`,
    () => `commit: ${f.gitSha()}`,
    () => `      "integrity": "${f.integrity()}",`,
    () => `const logo = "data:image/png;base64,${f.base64Blob(160)}";`,
    () => `aws_access_key_id = ${['AKIAIOSFODNN7', 'EXAMPLE'].join('')}`,
    () => 'password = "changeme"',
    () => 'DB_PASSWORD=${DB_PASSWORD}',
    () => 'GITHUB_TOKEN=<your-token>',
    () => 'const password = process.env.DB_PASSWORD;',
    () => 'api_key: xxxxxxxxxxxxxxxxxxxxxxxxxxxx',
    () => `const stripeTest = "${['sk', '_test_', f.chars('abcdefABCDEF0123456789', 24)].join('')}";`,
    () => 'endpoint = "https://secretsmanager.eu-west-1.amazonaws.com"',
    () => 'DATABASE_URL=postgres://app@db.internal:5432/orders',
    () => `secret_name = "prod/payments/db-${f.chars('abcdef', 4)}"`,
    () => `const sha256 = "${f.chars('0123456789abcdef', 64)}";`,
    () => 'if (token === undefined) throw new Error("no token");',
    () => `password: "example-${f.chars('abcdef0123', 12)}"`,
  ];
  return f.pick(decoys)();
}

const FILLER: readonly ((n: number, f: Fakes) => string)[] = [
  (n) => `export async function handle${n}(event: Event, context: Context): Promise<Result> {`,
  (n) => `  const items = records.filter((r) => r.size > ${n}).map((r) => ({ id: r.id, total: r.amount * ${n} }));`,
  (n) => `  logger.info('processed batch', { batch: ${n}, durationMs: Date.now() - started });`,
  (n) => `  return await client.send(new GetObjectCommand({ Bucket: bucket, Key: \`reports/${n}.json\` }));`,
  () => '}',
  (n) => `import { parseConfig${n} } from './config/module-${n}';`,
  (n) => `// The token cache keeps at most ${n} entries; the secret itself is read from Secrets Manager.`,
  (n) => `    if password_length < ${n}: raise ValueError("password too short")`,
  (n) => `def rotate_key_${n}(self, secret_id: str) -> None:`,
  (n) => `  replicas: ${n % 7}`,
  (_n, f) => `  image: registry.internal/app:${f.chars('0123456789abcdef', 12)}`,
  (n) => `    "name": "service-${n}", "port": ${3000 + (n % 1000)}, "enabled": true,`,
  (n) => `LOG_LEVEL=info # node ${n}`,
  (n) => `The API key is sent in the Authorization header; see section ${n}.`,
  (n) => `const tokenizer = new Tokenizer({ maxTokens: ${n}, model: "base" });`,
  () => '',
];

const EXTENSIONS = ['ts', 'ts', 'ts', 'py', 'py', 'yaml', 'json', 'md', 'env', 'tf'] as const;

/** Writes about `megabytes` of files under `dir`; one planted secret per ~`secretEveryKb` KB, twice as many decoys. */
export function generateCorpus(dir: string, megabytes: number, seed: number, secretEveryKb = 24): Corpus {
  const f = new Fakes(seed);
  const planted: Planted[] = [];
  let decoys = 0;
  let bytes = 0;
  let files = 0;
  const target = megabytes * 1_048_576;
  while (bytes < target) {
    const ext = f.pick(EXTENSIONS);
    const file = `pkg-${files % 40}/src/${ext === 'env' ? `config-${files}.env` : `module-${files}.${ext}`}`;
    const size = 20_000 + Math.floor(f.random() * 80_000);
    const lines: string[] = [];
    let length = 0;
    let n = files * 1000;
    while (length < size) {
      const roll = f.random();
      let added: string[];
      if (roll < 1 / ((secretEveryKb * 1024) / 60)) {
        const p = plant(f, ext);
        planted.push({ file, line: lines.length + 1 + p.offset, kind: p.kind });
        added = p.lines;
      } else if (roll < 3 / ((secretEveryKb * 1024) / 60)) {
        decoys += 1;
        added = [decoy(f)];
      } else {
        added = [f.pick(FILLER)((n += 1), f)];
      }
      lines.push(...added);
      length += added.reduce((sum, l) => sum + l.length + 1, 0);
    }
    const text = `${lines.join('\n')}\n`;
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
    bytes += Buffer.byteLength(text);
    files += 1;
  }
  return { files, bytes, planted, decoys };
}
