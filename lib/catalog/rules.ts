// Cross-field rules: what JSON Schema cannot say. Each rule is a small function over the parsed
// document (and, for per-environment rules, the resolved entries) that returns issues located
// at the line the author must edit.
import type { AcceptableControlId, AcceptableFindingType } from '../../contract/acceptance';
import { rotatedUsers } from '../../contract/postgres-users';
import { runbookBaseUrlProblem } from '../../contract/runbook';
import type { CatalogDocument, RotationBlock, SecretBlock } from './document';
import type { CatalogIssue } from './errors';
import { existsIn, intervalLayer, UNSET } from './resolve';
import { formatPath, type CatalogSource, type FieldPath } from './source';
import {
  MAIN_STACK,
  mainStackName,
  MAX_KEY_POLICY_READERS,
  shardStackName,
  stackAssignment,
  stackLoads,
  STACK_RESOURCE_BUDGET,
  CLOUDFORMATION_RESOURCE_LIMIT,
  suggestedShards,
  UNSHARDED_MAX_SECRETS,
} from './shards';
import { CRITICAL_MAX_ROTATION_DAYS, rotationDays, type Environment, type SecretEntry, type StackPin } from './types';

export interface ResolvedEnvironment {
  readonly environment: Environment;
  /** Entries with their index in `secrets`. */
  readonly secrets: readonly { readonly index: number; readonly entry: SecretEntry }[];
}

interface Context {
  readonly document: CatalogDocument;
  readonly source: CatalogSource;
}

/** Rules over the document as written: names, kinds, references to environments. */
export function documentRules(document: CatalogDocument, source: CatalogSource): CatalogIssue[] {
  const context = { document, source };
  return [
    ...uniqueSecretNames(context),
    ...secretNameSuffix(context),
    ...kindSettings(context),
    ...oneInterval(context),
    ...knownEnvironments(context),
    ...environmentAccounts(context),
    ...acceptEntries(context),
    ...runbookBaseUrls(context),
  ];
}

/** What a per-environment rule sees: one resolved secret in one environment. */
interface SecretInEnvironment {
  readonly entry: SecretEntry;
  /** Position in `secrets`. */
  readonly index: number;
  readonly resolved: ResolvedEnvironment;
  readonly document: CatalogDocument;
  /** Where a resolved value was written (override, secret, defaults). */
  readonly at: Locate;
  report(path: FieldPath, message: string): void;
}

const PER_ENVIRONMENT_RULES: readonly ((secret: SecretInEnvironment) => void)[] = [
  requiredAfterOverrides,
  rotationWindow,
  criticalRotation,
  masterSecret,
  readerAccounts,
];

/** Rules over each environment's resolved secrets, plus the rule across environments (readers). */
export function environmentRules(
  document: CatalogDocument,
  source: CatalogSource,
  environments: readonly ResolvedEnvironment[],
): CatalogIssue[] {
  const context = { document, source };
  const perEnvironment = new EnvironmentIssues(source);
  for (const resolved of environments) {
    const name = resolved.environment.name;
    for (const { index, entry } of resolved.secrets) {
      const secret: SecretInEnvironment = {
        entry,
        index,
        resolved,
        document,
        at: locator(context, index, name),
        report: (path, message) => perEnvironment.add(name, path, message),
      };
      for (const rule of PER_ENVIRONMENT_RULES) rule(secret);
    }
  }
  return [
    ...perEnvironment.list(),
    ...sharedReaders(context, environments),
    ...sharedDatabaseUsers(context, environments),
    ...environments.flatMap((resolved) => stackRules(context, resolved)),
  ];
}

const stackLabel = (environment: string, stack: StackPin): string => (stack === MAIN_STACK ? mainStackName(environment) : shardStackName(environment, stack));

/** Pins that name a real stack and keep clone users with their master; every stack within its budget. */
function stackRules(context: Context, { environment, secrets }: ResolvedEnvironment): CatalogIssue[] {
  const { source } = context;
  const name = environment.name;
  const shards = environment.shards ?? 0;
  const shardsPath: FieldPath = ['environments', name, 'shards'];
  const view = { environment, secrets: secrets.map(({ entry }) => entry) };
  const issues: CatalogIssue[] = [];
  if (shards === 0) {
    if (secrets.length > UNSHARDED_MAX_SECRETS) {
      issues.push(
        source.issue(
          shardsPath,
          `environment ${name} has ${secrets.length} secrets; without shards an environment holds at most ${UNSHARDED_MAX_SECRETS} ` +
            `(each secret adds to the rotation role's policy, the rotation function's policy and the key policy, whose sizes AWS limits, and about 4 resources to ${mainStackName(name)}); ` +
            `set environments.${name}.shards: ${suggestedShards(view.secrets)}, pinning secrets already deployed with stack: main (docs/deploying.md, Sharding)`,
        ),
      );
    }
    return issues;
  }
  const assignment = stackAssignment(view);
  for (const { index, entry } of secrets) {
    const at = locator(context, index, name);
    if (typeof entry.stack === 'number' && entry.stack > shards) {
      issues.push(
        source.issue(at(['stack']), `names shard ${entry.stack}, but environments.${name}.shards is ${shards}; pin to main or to a shard from 1 to ${shards}`),
      );
    }
    const master = entry.kind === 'postgres' && entry.rotation.strategy === 'alternating-users' ? entry.postgres.masterSecret : undefined;
    const masterStack = master === undefined ? undefined : assignment.get(master);
    if (masterStack !== undefined && masterStack !== assignment.get(entry.name)) {
      issues.push(
        source.issue(
          at(entry.stack === undefined ? ['postgres', 'masterSecret'] : ['stack']),
          `is in ${stackLabel(name, assignment.get(entry.name)!)} but its master "${master}" in ${stackLabel(name, masterStack)} (environment ${name}); ` +
            `a clone-user secret shares its master's stack: pin both to the same stack`,
        ),
      );
    }
  }
  for (const load of stackLoads(view, assignment)) {
    if (load.resources <= STACK_RESOURCE_BUDGET) continue;
    issues.push(
      source.issue(
        shardsPath,
        `${stackLabel(name, load.stack)} would hold ${load.secrets} secrets, about ${load.resources} CloudFormation resources ` +
          `(limit ${CLOUDFORMATION_RESOURCE_LIMIT}, this project keeps ${CLOUDFORMATION_RESOURCE_LIMIT - STACK_RESOURCE_BUDGET} spare); ` +
          `pin some of its secrets to another stack with stack:, or grow shards as docs/deploying.md (Sharding) describes`,
      ),
    );
  }
  const readers = new Set(view.secrets.flatMap((entry) => entry.readers));
  if (readers.size > MAX_KEY_POLICY_READERS) {
    issues.push(
      source.issue(
        ['environments', name],
        `environment ${name} names ${readers.size} distinct readers; its key policy has room for ${MAX_KEY_POLICY_READERS} (KMS limits a key policy to 32 KB); let readers share roles`,
      ),
    );
  }
  return issues;
}

function uniqueSecretNames({ document, source }: Context): CatalogIssue[] {
  const first = new Map<string, number>();
  const issues: CatalogIssue[] = [];
  document.secrets.forEach((secret, index) => {
    const earlier = first.get(secret.name);
    if (earlier === undefined) {
      first.set(secret.name, index);
      return;
    }
    issues.push(
      source.issue(
        ['secrets', index, 'name'],
        `"${secret.name}" is already the name of secrets[${earlier}] (line ${source.lineOf(['secrets', earlier, 'name'])}); secret names must be unique`,
      ),
    );
  });
  return issues;
}

function secretNameSuffix({ document, source }: Context): CatalogIssue[] {
  // Secrets Manager appends "-" and six random characters to every secret ARN; a name ending the
  // same way makes lookups by partial ARN ambiguous (CreateSecret, Name).
  return document.secrets.flatMap((secret, index) =>
    /-[A-Za-z0-9]{6}$/.test(secret.name)
      ? [
          source.issue(
            ['secrets', index, 'name'],
            `must not end with a hyphen and six characters: Secrets Manager adds -XXXXXX to the ARN, so lookups by partial ARN would be ambiguous; ` +
              `rename it, e.g. "${secret.name.replace(/-([A-Za-z0-9]{6})$/, '_$1')}"`,
          ),
        ]
      : [],
  );
}

const KIND_BLOCKS = ['postgres', 'random', 'external'] as const;

function kindSettings({ document, source }: Context): CatalogIssue[] {
  const issues: CatalogIssue[] = [];
  document.secrets.forEach((secret, index) => {
    for (const [layerPath, layer] of layersOf(secret, index)) {
      for (const block of KIND_BLOCKS) {
        if (block !== secret.kind && layer[block] !== undefined) {
          issues.push(source.issue([...layerPath, block], `does not apply to ${secret.kind === 'external' ? 'an' : 'a'} ${secret.kind} secret; remove it`));
        }
      }
      if (secret.kind === 'external' && layer.rotation !== undefined) {
        issues.push(
          source.issue(
            [...layerPath, 'rotation'],
            'external secrets are rotated by hand and have no schedule; remove rotation and set external.rotateBy',
          ),
        );
      }
    }
  });
  return issues;
}

function oneInterval({ document, source }: Context): CatalogIssue[] {
  const blocks: [FieldPath, RotationBlock | undefined][] = [[['defaults', 'rotation'], document.defaults?.rotation]];
  document.secrets.forEach((secret, index) => {
    for (const [layerPath, layer] of layersOf(secret, index)) blocks.push([[...layerPath, 'rotation'], layer.rotation]);
  });
  return blocks.flatMap(([path, rotation]) =>
    rotation?.days !== undefined && rotation.hours !== undefined
      ? [source.issue([...path, 'hours'], 'give either days or hours, not both')]
      : [],
  );
}

function knownEnvironments({ document, source }: Context): CatalogIssue[] {
  const known = Object.keys(document.environments);
  const issues: CatalogIssue[] = [];
  const unknown = (name: string) => `"${name}" is not an environment of this catalog (known: ${known.join(', ')})`;
  document.secrets.forEach((secret, index) => {
    secret.only?.forEach((name, position) => {
      if (!known.includes(name)) issues.push(source.issue(['secrets', index, 'only', position], unknown(name)));
    });
    for (const name of Object.keys(secret.environments ?? {})) {
      const path = ['secrets', index, 'environments', name];
      if (!known.includes(name)) issues.push(source.issue(path, unknown(name)));
      else if (!existsIn(secret, name)) {
        issues.push(
          source.issue(path, `the secret exists only in ${secret.only!.join(', ')} (only); remove this override or add ${name} to only`),
        );
      }
    }
  });
  return issues;
}

function environmentAccounts({ document, source }: Context): CatalogIssue[] {
  return Object.entries(document.environments).flatMap(([name, block]) => {
    const path = ['environments', name, 'adminRoleArn'];
    const roleAccount = block.adminRoleArn ? accountOf(block.adminRoleArn) : undefined;
    if (roleAccount === '{account}' && block.account === undefined) {
      return [source.issue(path, `uses {account} but environments.${name}.account is not set`)];
    }
    if (roleAccount && roleAccount !== '{account}' && block.account !== undefined && roleAccount !== block.account) {
      return [source.issue(path, `is in account ${roleAccount}, but environment ${name} is account ${block.account}`)];
    }
    return [];
  });
}

/** `runbookBaseUrl` (defaults, environments): what the schema's pattern lets through but no browser opens. */
function runbookBaseUrls({ document, source }: Context): CatalogIssue[] {
  const places: [FieldPath, string | undefined][] = [
    [['defaults', 'runbookBaseUrl'], document.defaults?.runbookBaseUrl],
    ...Object.entries(document.environments).map(([name, block]): [FieldPath, string | undefined] => [['environments', name, 'runbookBaseUrl'], block.runbookBaseUrl]),
  ];
  return places.flatMap(([path, value]) => {
    const problem = value === undefined ? null : runbookBaseUrlProblem(value);
    return problem === null ? [] : [source.issue(path, problem)];
  });
}

/** The secret's own settings and each of its per-environment overrides, with their paths. */
function layersOf(secret: SecretBlock, index: number): [FieldPath, SecretBlock | NonNullable<SecretBlock['environments']>[string]][] {
  return [
    [['secrets', index], secret],
    ...Object.entries(secret.environments ?? {}).map(
      ([name, override]) => [['secrets', index, 'environments', name], override] as [FieldPath, typeof override],
    ),
  ];
}

type Locate = (field: FieldPath, defaults?: FieldPath) => FieldPath;

/** Where a resolved value was written: the override, the secret, the defaults, else the secret's own path. */
function locator({ source }: Context, index: number, environment: string): Locate {
  return (field, defaults) => {
    const candidates: FieldPath[] = [['secrets', index, 'environments', environment, ...field], ['secrets', index, ...field]];
    if (defaults) candidates.push(['defaults', ...defaults]);
    return candidates.find((path) => source.has(path)) ?? ['secrets', index, ...field];
  };
}

function requiredAfterOverrides({ entry, at, report }: SecretInEnvironment): void {
  if (entry.classification === UNSET) report(at(['classification']), 'is required (or set defaults.classification)');
  if (entry.kind === 'postgres') {
    for (const field of ['host', 'username'] as const) {
      if (entry.postgres[field] === UNSET) {
        report(at(['postgres', field]), 'is required; set it in postgres or in environments.<env>.postgres');
      }
    }
  }
  if (entry.kind === 'external' && entry.external.rotateBy === UNSET) {
    report(at(['external', 'rotateBy']), 'is required: the date (YYYY-MM-DD) by which a person must rotate this secret');
  }
}

function rotationWindow({ entry, at, report }: SecretInEnvironment): void {
  if (entry.kind === 'external' || entry.rotation.hours === undefined || entry.rotation.duration === undefined) return;
  // The window must not reach into the next rotation window (RotationRulesType, Duration).
  if (Number.parseInt(entry.rotation.duration, 10) >= entry.rotation.hours) {
    report(
      at(['rotation', 'duration'], ['rotation', 'duration']),
      `the window (${entry.rotation.duration}) must be shorter than the interval (${entry.rotation.hours} hours)`,
    );
  }
}

function criticalRotation({ entry, index, resolved, document, report }: SecretInEnvironment): void {
  if (entry.kind === 'external' || entry.classification !== 'critical' || entry.rotation.justification !== undefined) return;
  const days = rotationDays(entry.rotation);
  if (days <= CRITICAL_MAX_ROTATION_DAYS) return;
  // Point at the level that set the interval; the built-in default has no line, so the classification does.
  const secret = document.secrets[index]!;
  const name = resolved.environment.name;
  const layers = [undefined, document.defaults?.rotation, secret.rotation, secret.environments?.[name]?.rotation];
  const paths: FieldPath[] = [
    ['secrets', index, 'classification'],
    ['defaults', 'rotation', 'days'],
    ['secrets', index, 'rotation', 'days'],
    ['secrets', index, 'environments', name, 'rotation', 'days'],
  ];
  report(
    paths[Math.max(0, intervalLayer(layers))]!,
    `a critical secret must rotate at least every ${CRITICAL_MAX_ROTATION_DAYS} days (here every ${days}); lower rotation.days or state rotation.justification`,
  );
}

function masterSecret({ entry, at, report, resolved, document }: SecretInEnvironment): void {
  const strategyAt = () => at(['rotation', 'strategy'], ['rotation', 'strategy']);
  if (entry.kind === 'random' && entry.rotation.strategy === 'alternating-users') {
    report(strategyAt(), 'only postgres secrets can alternate users; use single-user');
  }
  if (entry.kind !== 'postgres') return;
  const master = entry.postgres.masterSecret;
  const masterAt = () => at(['postgres', 'masterSecret'], ['postgres', 'masterSecret']);
  if (entry.rotation.strategy === 'alternating-users' && master === undefined) {
    report(
      strategyAt(),
      'alternating-users needs postgres.masterSecret: the postgres secret (same environment) whose user creates and alters the clone user',
    );
    return;
  }
  if (master === undefined) return;
  if (entry.rotation.strategy !== 'alternating-users') {
    report(masterAt(), 'only alternating-users uses a master secret; remove it or set rotation.strategy: alternating-users');
    return;
  }
  if (master === entry.name) {
    report(masterAt(), 'a secret cannot be its own master; name the secret of the administering user');
    return;
  }
  const target = resolved.secrets.find(({ entry: candidate }) => candidate.name === master)?.entry;
  if (!target) {
    const elsewhere = document.secrets.find((secret) => secret.name === master);
    const hint = elsewhere ? `; it exists only in ${elsewhere.only?.join(', ') ?? 'other environments'}` : '; add it to secrets or fix the name';
    report(masterAt(), `"${master}" is not a secret of this environment${hint}`);
    return;
  }
  if (target.kind !== 'postgres') {
    report(masterAt(), `"${master}" is ${target.kind === 'external' ? 'an' : 'a'} ${target.kind} secret; a master secret must be a postgres secret`);
    return;
  }
  if (target.rotation.strategy === 'alternating-users') {
    report(masterAt(), `"${master}" itself uses alternating-users; a master secret must rotate single-user`);
    return;
  }
  if (target.postgres.host !== entry.postgres.host || target.postgres.port !== entry.postgres.port) {
    report(
      masterAt(),
      `"${master}" is for ${target.postgres.host}:${target.postgres.port} but this secret for ${entry.postgres.host}:${entry.postgres.port}; the master must administer the same server`,
    );
  }
}

function readerAccounts({ entry, at, report, resolved: { environment } }: SecretInEnvironment): void {
  const listPath = at(['readers']);
  entry.readers.forEach((arn, position) => {
    const account = accountOf(arn);
    if (account === '{account}') {
      report([...listPath, position], `uses {account} but environments.${environment.name}.account is not set`);
    } else if (environment.account !== undefined && account !== environment.account) {
      report(
        [...listPath, position],
        `is in account ${account}, but environment ${environment.name} is account ${environment.account}; readers must be principals of their environment's account`,
      );
    }
  });
}

/** Invariant 4: environments never share a reader (or make one environment's admin another's reader). */
function sharedReaders({ document, source }: Context, environments: readonly ResolvedEnvironment[]): CatalogIssue[] {
  const principals = new Map<string, { environments: Set<string>; paths: Map<string, FieldPath> }>();
  const note = (arn: string, environment: string, path: FieldPath) => {
    const entry = principals.get(arn) ?? { environments: new Set<string>(), paths: new Map<string, FieldPath>() };
    entry.environments.add(environment);
    entry.paths.set(formatPath(path), path);
    principals.set(arn, entry);
  };
  for (const { environment, secrets } of environments) {
    if (environment.adminRoleArn) note(environment.adminRoleArn, environment.name, ['environments', environment.name, 'adminRoleArn']);
    for (const { index, entry } of secrets) {
      const override = document.secrets[index]!.environments?.[environment.name]?.readers !== undefined;
      const listPath: FieldPath = override ? ['secrets', index, 'environments', environment.name, 'readers'] : ['secrets', index, 'readers'];
      entry.readers.forEach((arn, position) => note(arn, environment.name, [...listPath, position]));
    }
  }
  const issues: CatalogIssue[] = [];
  for (const [arn, { environments: names, paths }] of principals) {
    if (names.size < 2) continue;
    const list = [...names].sort();
    for (const path of paths.values()) {
      issues.push(
        source.issue(
          path,
          `"${arn}" would have access in environments ${list.join(', ')}; environments never share a principal: list readers per environment under environments.<env>.readers, or put {env} in the ARN`,
        ),
      );
    }
  }
  return issues;
}

/**
 * Invariant 4: one database user on one server is rotated by one secret. PostgreSQL roles belong to
 * the server (cluster), not to a database, so two secrets rotating the same user on the same host
 * and port, in two environments or in one, change the password the other one holds: each rotation
 * locks the other's readers out. With alternating users a secret rotates `<user>` and its clone
 * `<user>_clone`, so a clone name another secret uses is the same lockout.
 */
function sharedDatabaseUsers(context: Context, environments: readonly ResolvedEnvironment[]): CatalogIssue[] {
  interface Claim {
    readonly environment: string;
    readonly secret: string;
    readonly path: FieldPath;
    readonly clone: boolean;
  }
  const { source } = context;
  const claims = new Map<string, { host: string; port: number; user: string; claims: Claim[] }>();
  for (const { environment, secrets } of environments) {
    for (const { index, entry } of secrets) {
      if (entry.kind !== 'postgres' || entry.postgres.host === UNSET || entry.postgres.username === UNSET) continue;
      // Host names compare as DNS does: case-insensitive, a trailing dot is the same name.
      const host = entry.postgres.host.toLowerCase().replace(/\.$/, '');
      const path = locator(context, index, environment.name)(['postgres', 'username'], ['postgres', 'username']);
      rotatedUsers(entry.postgres.username, entry.rotation.strategy ?? 'single-user').forEach((user, position) => {
        const key = `${host}\u0000${entry.postgres.port}\u0000${user}`;
        const found = claims.get(key) ?? { host, port: entry.postgres.port, user, claims: [] };
        found.claims.push({ environment: environment.name, secret: entry.name, path, clone: position > 0 });
        claims.set(key, found);
      });
    }
  }
  // An alternating secret colliding on its user collides on its clone too: one issue names both.
  const collisions = new Map<string, { host: string; port: number; users: string[]; claims: Claim[] }>();
  for (const { host, port, user, claims: list } of claims.values()) {
    if (list.length < 2) continue;
    const signature = list.map((claim) => `${claim.environment}\u0000${formatPath(claim.path)}`).join('\u0001');
    const key = `${host}\u0000${port}\u0000${signature}`;
    const collision = collisions.get(key) ?? { host, port, users: [], claims: list };
    collision.users.push(user);
    collisions.set(key, collision);
  }
  const issues: CatalogIssue[] = [];
  for (const { host, port, users, claims: list } of collisions.values()) {
    // Environments that inherit one line are named together: "dev, staging, prod: secrets[x] line 12".
    const byLine = new Map<string, { environments: string[]; claim: Claim }>();
    for (const claim of list) {
      const key = `${formatPath(claim.path)}\u0000${claim.secret}`;
      const group = byLine.get(key) ?? { environments: [], claim };
      group.environments.push(claim.environment);
      byLine.set(key, group);
    }
    const described = [...byLine.values()].map(
      ({ environments: names, claim }) =>
        `${names.join(', ')}: secrets[${claim.secret}] line ${source.lineOf(claim.path)}${claim.clone && users.length === 1 ? ' (clone of its alternating user)' : ''}`,
    );
    const fix =
      new Set(list.map((claim) => claim.environment)).size > 1
        ? 'give each environment its own host or user (environments.<env>.postgres)'
        : 'give each secret its own user';
    const named = users.length === 1 ? `database user "${users[0]}"` : `database users ${users.map((user) => `"${user}"`).join(' and ')}`;
    // One issue per line: a username written once and inherited by every environment is one line.
    const lines = new Map(list.map((claim) => [formatPath(claim.path), claim.path]));
    for (const path of lines.values()) {
      issues.push(
        source.issue(
          path,
          `${named} on ${host}:${port} ${users.length === 1 ? 'is' : 'are'} rotated in ${described.join('; ')}; ` +
            `each rotation changes the password the others hold and locks them out (roles belong to the server, not to a database); ${fix}`,
        ),
      );
    }
  }
  return issues;
}

/**
 * Findings only an external secret has, and findings (and controls) an external secret never has
 * (it has no rotation schedule). The checks decide this inside their judge functions, not as data
 * the packs carry, so the names are listed here; typed as acceptable targets so that a misspelt or
 * renamed finding type or control fails tsc.
 */
type AcceptTarget = AcceptableFindingType | AcceptableControlId;
const EXTERNAL_ONLY: ReadonlySet<AcceptTarget> = new Set<AcceptTarget>(['external-rotation-due']);
const NEVER_EXTERNAL: ReadonlySet<AcceptTarget> = new Set<AcceptTarget>(['rotation-disabled', 'rotation-overdue', 'rotation-never-succeeded', 'SecretsManager.2']);

/** `accept:` entries: one target each, naming a secret of the catalog in environments it exists in. */
function acceptEntries({ document, source }: Context): CatalogIssue[] {
  const issues: CatalogIssue[] = [];
  const names = new Map(document.secrets.map((secret) => [secret.name, secret]));
  const known = Object.keys(document.environments);
  (document.accept ?? []).forEach((entry, index) => {
    const at = (...field: (string | number)[]): FieldPath => ['accept', index, ...field];
    if ((entry.finding === undefined) === (entry.control === undefined)) {
      issues.push(
        source.issue(
          entry.finding === undefined ? at() : at('control'),
          'give exactly one of finding (an inventory finding type) and control (a compliance control id); write two entries to accept both',
        ),
      );
    }
    const secret = names.get(entry.secret);
    if (!secret) {
      const close = [...names.keys()].filter((name) => name.toLowerCase() === entry.secret.toLowerCase() || name.endsWith(`/${entry.secret}`));
      issues.push(
        source.issue(at('secret'), `"${entry.secret}" is not a secret of this catalog${close.length > 0 ? `; did you mean "${close[0]}"?` : '; name it as in secrets[].name (without the environment)'}`),
      );
      return;
    }
    const target = entry.finding ?? entry.control;
    if (target !== undefined && secret.kind === 'external' && NEVER_EXTERNAL.has(target)) {
      issues.push(source.issue(at(entry.finding ? 'finding' : 'control'), `an external secret has no rotation schedule, so it never has ${target}; accept external-rotation-due (or control SecretsManager.1) instead`));
    }
    if (target !== undefined && secret.kind !== 'external' && EXTERNAL_ONLY.has(target)) {
      issues.push(source.issue(at('finding'), `only external secrets have ${target}; "${entry.secret}" is a ${secret.kind} secret`));
    }
    entry.environments?.forEach((name, position) => {
      if (!known.includes(name)) issues.push(source.issue(at('environments', position), `"${name}" is not an environment of this catalog (known: ${known.join(', ')})`));
      else if (!existsIn(secret, name)) issues.push(source.issue(at('environments', position), `"${entry.secret}" exists only in ${secret.only!.join(', ')} (only); remove ${name}`));
    });
  });
  return issues;
}

function accountOf(arn: string): string {
  return arn.split(':')[4] ?? '';
}

/**
 * Issues found while checking each environment. The same line failing in several environments
 * is one issue naming them, unless its path already names the environment.
 */
class EnvironmentIssues {
  private readonly found = new Map<string, { path: FieldPath; message: string; environments: string[] }>();

  constructor(private readonly source: CatalogSource) {}

  add(environment: string, path: FieldPath, message: string): void {
    const key = `${formatPath(path)}\u0000${message}`;
    const existing = this.found.get(key);
    if (existing) existing.environments.push(environment);
    else this.found.set(key, { path, message, environments: [environment] });
  }

  list(): CatalogIssue[] {
    return [...this.found.values()].map(({ path, message, environments }) => {
      const namesEnvironment = path.some((segment, position) => segment === environments[0] && path[position - 1] === 'environments');
      const label = environments.length === 1 ? 'environment' : 'environments';
      return this.source.issue(path, namesEnvironment ? message : `${message} (${label} ${environments.join(', ')})`);
    });
  }
}
