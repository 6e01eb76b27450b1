// Catalogs of any size for tests and the synth benchmark: `count` valid secrets in the given
// environments, a realistic mix (random tokens, PostgreSQL users with and without a master,
// external credentials), readers drawn from a small pool of roles per environment.

export interface GeneratedCatalogOptions {
  readonly count: number;
  readonly environments?: readonly string[];
  /** environments.<env>.shards for every environment (omitted when undefined). */
  readonly shards?: number;
  /** First secret number (so two catalogs can differ by a range of secrets). */
  readonly from?: number;
  /** Secret numbers left out. */
  readonly skip?: ReadonlySet<number>;
  /** Extra YAML lines appended under each secret by number (e.g. `stack: main`). */
  readonly extra?: (n: number) => readonly string[];
}

const ACCOUNTS = ['111111111111', '222222222222', '333333333333', '444444444444'];

export function generatedSecretName(n: number): string {
  return `team-${n % 37}/service-${n}`;
}

function secretYaml(n: number, extra: readonly string[], environments: readonly string[]): string[] {
  const name = generatedSecretName(n);
  const head = [`  - name: ${name}`, `    owner: team-${n % 37}`, `    description: Generated secret number ${n}`, ...extra.map((line) => `    ${line}`)];
  const reader = `      - arn:aws:iam::{account}:role/{env}-app-${n % 40}`;
  switch (n % 10) {
    case 0:
      return [...head, '    kind: external', '    external:', '      rotateBy: "2027-06-30"', '    readers:', reader];
    case 1:
    case 2:
    case 3:
      return [
        ...head,
        '    kind: postgres',
        '    postgres:',
        `      username: user_${n}`,
        '    readers:',
        reader,
        '    environments:',
        // Each environment its own server: no two environments rotate one database user.
        ...environments.map((env) => `      ${env}: { postgres: { host: db-${n % 50}.${env}.example.internal } }`),
      ];
    default:
      return [...head, '    kind: random', '    readers:', reader];
  }
}

/** The YAML text of a valid catalog. */
export function generatedCatalog(options: GeneratedCatalogOptions): string {
  const environments = options.environments ?? ['prod'];
  const lines = ['version: 1', 'defaults:', '  classification: medium', 'environments:'];
  environments.forEach((env, i) => {
    lines.push(`  ${env}:`, `    account: "${ACCOUNTS[i % ACCOUNTS.length]}"`, '    region: eu-west-1', '    alerts:', `      - email: oncall-${env}@example.com`);
    if (options.shards !== undefined) lines.push(`    shards: ${options.shards}`);
  });
  lines.push('secrets:');
  const from = options.from ?? 0;
  for (let n = from; n < from + options.count; n += 1) {
    if (options.skip?.has(n)) continue;
    lines.push(...secretYaml(n, options.extra?.(n) ?? [], environments));
  }
  return `${lines.join('\n')}\n`;
}
