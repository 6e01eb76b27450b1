// Which CloudFormation stack holds each secret (docs/architecture.md, "Stacks and shards").
//
// An environment's main stack, SecretsWarden-<env>, holds its key, functions, alarms and reports.
// With `shards: 0` (the default) it also holds every secret, as before sharding existed; such an
// environment is limited to UNSHARDED_MAX_SECRETS. With `shards: N` the secrets live in N sibling
// stacks SecretsWarden-<env>-shard-01..N. A secret's stack is a pure function of its own name (or
// of its master's, so a clone user and its master share a stack), of N, and of an explicit
// `stack:` pin: adding or removing OTHER secrets never moves it. Moving a secret between stacks
// would make CloudFormation create it anew (and fail on the existing name, the old one being
// retained), so N may only change with every deployed secret pinned first.
import { createHash } from 'node:crypto';
import type { EnvironmentCatalog, SecretEntry, StackPin } from './types';

export const MAIN_STACK = 'main' as const;

/** CloudFormation's limit on resources per stack. */
export const CLOUDFORMATION_RESOURCE_LIMIT = 500;
/** What this project lets a stack reach: the rest is headroom for additions between catalog checks. */
export const STACK_RESOURCE_BUDGET = 450;
/**
 * Without shards, every secret adds a statement to its rotation role's inline policy (IAM: 10,240
 * characters per role), to its rotation function's resource policy (Lambda: 20 KB) and, with
 * readers, to the key policy (KMS: 32 KB); about 55 secrets fill the first. Sharded environments
 * grant per environment (name prefix and tags) instead, so these limits do not grow with secrets.
 */
export const UNSHARDED_MAX_SECRETS = 50;
/** Resources of the main stack besides secrets (key, functions, alarms, trail, reports: 108-136 in the examples). */
const MAIN_STACK_BASE_RESOURCES = 140;
/** Resources a suggested shard count aims for per shard: hashing spreads secrets unevenly. */
const SHARD_TARGET_RESOURCES = 250;
/** Distinct reader principals a sharded environment's key policy has room for (about 80 characters each, KMS: 32 KB). */
export const MAX_KEY_POLICY_READERS = 300;

/** `SecretsWarden-<env>`: the environment's main stack. */
export function mainStackName(environmentName: string): string {
  return `SecretsWarden-${environmentName}`;
}

/** `SecretsWarden-<env>-shard-07`. */
export function shardStackName(environmentName: string, shard: number): string {
  return `${mainStackName(environmentName)}-shard-${String(shard).padStart(2, '0')}`;
}

/**
 * The first 32 bits (big-endian) of the SHA-256 of the UTF-8 name. Fixed forever: changing it
 * would move every secret. (FNV-1a was rejected: its low bits depend only on the low bits of each
 * byte, so similar names pile into a few shards.)
 */
export function nameHash(name: string): number {
  return createHash('sha256').update(name, 'utf8').digest().readUInt32BE(0);
}

/** The shard (1..shards) a name hashes to. */
export function hashedShard(name: string, shards: number): number {
  return 1 + (nameHash(name) % shards);
}

function masterOf(entry: SecretEntry): string | undefined {
  return entry.kind === 'postgres' && entry.rotation.strategy === 'alternating-users' ? entry.postgres.masterSecret : undefined;
}

/**
 * Every secret's stack in one environment: `main` or a shard number. A pin wins; an unpinned
 * clone-user secret goes where its master goes; any other secret to the shard its name hashes to.
 */
export function stackAssignment(view: EnvironmentCatalog): Map<string, StackPin> {
  const shards = view.environment.shards ?? 0;
  const byName = new Map(view.secrets.map((entry) => [entry.name, entry]));
  const assigned = new Map<string, StackPin>();
  const place = (entry: SecretEntry, depth: number): StackPin => {
    const known = assigned.get(entry.name);
    if (known !== undefined) return known;
    let stack: StackPin;
    if (shards === 0) stack = MAIN_STACK;
    else if (entry.stack !== undefined) stack = entry.stack;
    else {
      const master = masterOf(entry);
      const masterEntry = master === undefined ? undefined : byName.get(master);
      stack = masterEntry && depth < 8 ? place(masterEntry, depth + 1) : hashedShard(entry.name, shards);
    }
    assigned.set(entry.name, stack);
    return stack;
  };
  for (const entry of view.secrets) place(entry, 0);
  return assigned;
}

/** CloudFormation resources a secret adds to its stack. */
function resourcesOf(entry: SecretEntry, sharded: boolean): number {
  if (entry.kind === 'external') return 2; // secret, resource policy
  // + rotation schedule; unsharded also a Lambda permission per secret (sharded: one per function).
  return sharded ? 3 : 4;
}

export interface StackLoad {
  readonly stack: StackPin;
  readonly secrets: number;
  readonly resources: number;
}

/** Secrets and estimated resources per stack (the main stack includes its base resources). */
export function stackLoads(view: EnvironmentCatalog, assignment: ReadonlyMap<string, StackPin> = stackAssignment(view)): StackLoad[] {
  const sharded = (view.environment.shards ?? 0) > 0;
  const loads = new Map<StackPin, { secrets: number; resources: number }>([[MAIN_STACK, { secrets: 0, resources: MAIN_STACK_BASE_RESOURCES }]]);
  for (const entry of view.secrets) {
    const stack = assignment.get(entry.name)!;
    const load = loads.get(stack) ?? { secrets: 0, resources: 0 };
    load.secrets += 1;
    load.resources += resourcesOf(entry, sharded);
    loads.set(stack, load);
  }
  return [...loads].map(([stack, load]) => ({ stack, ...load }));
}

/** A shard count that leaves each shard around SHARD_TARGET_RESOURCES for these secrets. */
export function suggestedShards(secrets: readonly SecretEntry[]): number {
  const resources = secrets.reduce((sum, entry) => sum + resourcesOf(entry, true), 0);
  return Math.max(1, Math.ceil(resources / SHARD_TARGET_RESOURCES));
}
