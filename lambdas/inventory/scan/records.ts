// ListSecrets facts + catalog summary + policy facts -> one compact record per secret.

import { CLASSIFICATIONS, REQUIRED_TAGS, SECRET_KINDS, TAG, type Classification, type SecretKind } from '../../../contract/catalog';
import { otherEnvironmentPrincipals, type CatalogSummary, type ManagedSecretSummary } from '../../../contract/catalog-summary';
import type { SecretListing } from '../ports';
import type { PolicyFacts, SecretRecord } from '../../../contract/inventory';

/** The catalog summary indexed for lookups during a scan. */
export interface CatalogIndex {
  readonly summary: CatalogSummary;
  readonly managed: ReadonlyMap<string, ManagedSecretSummary>;
  /** Environment name -> principals that read secrets of any OTHER environment. */
  foreignReaders(environment: string | null): ReadonlySet<string>;
}

export function indexCatalog(summary: CatalogSummary): CatalogIndex {
  const managed = new Map(summary.secrets.map((s) => [s.name, s]));
  const cache = new Map<string, Set<string>>();
  return {
    summary,
    managed,
    foreignReaders(environment) {
      const own = environment ?? summary.environment;
      let readers = cache.get(own);
      if (!readers) {
        readers = new Set(otherEnvironmentPrincipals(summary.readersByEnvironment, own));
        cache.set(own, readers);
      }
      return readers;
    },
  };
}

const DEFAULT_KEY = /(^|:)alias\/aws\/secretsmanager$/;

/** ListSecrets omits KmsKeyId for the AWS managed key; an explicit `alias/aws/secretsmanager` is the same key. */
function isCustomerManagedKey(keyId: string | null): boolean {
  return keyId != null && keyId !== '' && !DEFAULT_KEY.test(keyId);
}

function asClassification(value: string | undefined): Classification | null {
  return value !== undefined && (CLASSIFICATIONS as readonly string[]).includes(value) ? (value as Classification) : null;
}

function asKind(value: string | undefined): SecretKind | null {
  return value !== undefined && (SECRET_KINDS as readonly string[]).includes(value) ? (value as SecretKind) : null;
}

export interface PerSecretFacts {
  readonly policy: PolicyFacts | null;
  readonly policyCheckedAt: string | null;
  readonly replicas: readonly { region: string; status: string }[];
  readonly error: string | null;
}

const NONE: readonly string[] = Object.freeze([]);

function missingTagsOf(tags: Readonly<Record<string, string>>): readonly string[] {
  const missing = REQUIRED_TAGS.filter((key) => (tags[key] ?? '').trim() === '');
  return missing.length === 0 ? NONE : missing;
}

const NO_REPLICAS: readonly { region: string; status: string }[] = Object.freeze([]);

/** Values many secrets share; at 500,000 records one copy each instead of one per record matters. */
interface StringPool {
  intern(key: string, value: string): string;
}

const asIs: StringPool = { intern: (_key, value) => value };

export function toRecord(listing: SecretListing, catalog: CatalogIndex, facts: PerSecretFacts, pool: StringPool = asIs): SecretRecord {
  const entry = catalog.managed.get(listing.name);
  const tags = listing.tags;
  const shared = <T extends string | null>(value: T): T => (value === null ? value : (pool.intern(value, value) as T));
  return {
    arn: listing.arn,
    name: listing.name,
    environment: shared(tags[TAG.environment] ?? null),
    // Tags are what the account says; the catalog fills in for a managed secret whose tag was removed.
    classification: shared(asClassification(tags[TAG.classification]) ?? entry?.classification ?? null),
    owner: shared(tags[TAG.owner] ?? entry?.owner ?? null),
    kind: shared(asKind(tags[TAG.kind]) ?? entry?.kind ?? null),
    managed: entry !== undefined,
    createdDate: listing.created,
    rotation: {
      enabled: listing.rotationEnabled,
      intervalDays: listing.rotationIntervalDays ?? entry?.rotationDays ?? null,
      lastRotated: listing.lastRotated,
      nextRotation: listing.nextRotation,
      lambdaArn: shared(listing.rotationLambdaArn),
    },
    // A date without time: one string per distinct day.
    lastAccessed: shared(listing.lastAccessed),
    kms: { keyId: shared(listing.kmsKeyId), customerManaged: isCustomerManagedKey(listing.kmsKeyId) },
    policy: facts.policy,
    replicas: facts.replicas.length === 0 ? NO_REPLICAS : facts.replicas,
    deletedDate: listing.deleted,
    rotateBy: shared(tags[TAG.rotateBy] ?? entry?.rotateBy ?? null),
    error: facts.error,
    policyCheckedAt: facts.policyCheckedAt,
    missingTags: missingTagsOf(tags),
  };
}
